"""Pages of periodic inspections. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import CharFilter, ChoiceFilter, DateFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, apply_service_errors, style_fields
from qsse.core.listing import EXPORT_MAX_ROWS, Column, FilteredListView, query_without
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors

from . import calculations, importing, report, selectors, services
from .choices import EquipmentStatus, ObservationSeverity, ObservationTreatment, ScheduleStatus, VisitResult
from .forms import (
    CalendarFilterForm,
    EquipmentForm,
    EquipmentKindForm,
    ImportForm,
    InspectionTypeForm,
    NotRequiredForm,
    ObservationActionForm,
    ObservationForm,
    ScheduleForm,
    VisitForm,
)
from .models import (
    Equipment,
    EquipmentKind,
    InspectionSchedule,
    InspectionType,
    InspectionVisit,
    Observation,
)

BADGE_CLASSES = {
    ScheduleStatus.OVERDUE: ("text-bg-danger", "⚠ "),
    ScheduleStatus.DUE_SOON: ("text-bg-warning", "◷ "),
    ScheduleStatus.UP_TO_DATE: ("text-bg-success", "✔ "),
    ScheduleStatus.NOT_REQUIRED: ("text-bg-secondary", ""),
    ScheduleStatus.OUT_OF_SERVICE: ("text-bg-secondary", ""),
    EquipmentStatus.USE_FORBIDDEN: ("text-bg-danger", "✖ "),
    EquipmentStatus.IN_SERVICE: ("text-bg-success", ""),
    EquipmentStatus.OUT_OF_SERVICE: ("text-bg-secondary", ""),
}


class Badge:
    """A status shown as a coloured badge with a symbol and its words (not colour alone) through
    ``badge.html`` in templates; plain words (``str``) in the Excel export."""

    def __init__(self, status: str, label: Any):
        self.status = status
        self.label = str(label)

    def __str__(self) -> str:
        return self.label

    @property
    def html(self) -> str:
        css, symbol = BADGE_CLASSES.get(self.status, ("text-bg-secondary", ""))
        return format_html(
            '<span class="badge {}" data-status="{}">{}{}</span>', css, self.status, symbol, self.label
        )


def schedule_badge(line: InspectionSchedule, today: date) -> Badge:
    status = selectors.status_of(line, today)
    return Badge(status, ScheduleStatus(status).label)


def equipment_status(equipment: Equipment) -> str:
    if not equipment.is_in_service:
        return EquipmentStatus.OUT_OF_SERVICE
    if equipment.is_use_forbidden:
        return EquipmentStatus.USE_FORBIDDEN
    return EquipmentStatus.IN_SERVICE


def equipment_badge(equipment: Equipment) -> Badge:
    status = equipment_status(equipment)
    return Badge(status, EquipmentStatus(status).label)


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


def _kinds(request):
    return EquipmentKind.objects.all()


class _StyledFilter(FilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)
        if "kind" in self.form.fields:
            self.form.fields["kind"].label_from_instance = lambda obj: obj.name


class _BadgeListView(LoginRequiredMixin, FilteredListView):
    """The generic list page; its status cells are ``Badge`` values, shown by the shared table."""


class EquipmentFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    kind = ModelChoiceFilter(label=gettext_lazy("Equipment kind"), queryset=_kinds)
    status = ChoiceFilter(
        label=gettext_lazy("Status"), choices=EquipmentStatus.choices, method="filter_status"
    )

    class Meta:
        model = Equipment
        fields = ["site", "kind"]

    def filter_status(self, queryset, name, value):
        if value == EquipmentStatus.OUT_OF_SERVICE:
            return queryset.filter(is_in_service=False)
        if value == EquipmentStatus.USE_FORBIDDEN:
            return queryset.filter(is_in_service=True, is_use_forbidden=True)
        return queryset.filter(is_in_service=True, is_use_forbidden=False)


class EquipmentListView(_BadgeListView):
    template_name = "inspections/equipment_list.html"
    title = gettext_lazy("Equipment register")
    export_name = gettext_lazy("equipment-register")
    filterset_class = EquipmentFilter
    default_sort = "site"
    columns = (
        Column("name", gettext_lazy("Equipment"), sort="name", link=True),
        Column("identifier", gettext_lazy("Identifier")),
        Column("kind", gettext_lazy("Equipment kind"), sort="kind__name_fr", value=lambda e: e.kind.name),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("location", gettext_lazy("Location"), sort="location"),
        Column("quantity", gettext_lazy("Quantity")),
        Column("status", gettext_lazy("Status"), value=equipment_badge),
        Column("line_count", gettext_lazy("Inspections"), sort="line_count"),
        Column("overdue_count", gettext_lazy("Overdue"), sort="overdue_count"),
    )

    def get_base_queryset(self):
        return selectors.equipment_list(self.request.user, today=timezone.localdate())

    create_model = Equipment


class ScheduleFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites, field_name="equipment__site")
    kind = ModelChoiceFilter(
        label=gettext_lazy("Equipment kind"), queryset=_kinds, field_name="equipment__kind"
    )
    status = ChoiceFilter(
        label=gettext_lazy("Status"), choices=ScheduleStatus.choices, method="filter_status"
    )

    class Meta:
        model = InspectionSchedule
        fields = ["site", "kind"]

    def filter_status(self, queryset, name, value):
        return selectors.schedule_filter_status(queryset, value, timezone.localdate())


def _today_badge(line: InspectionSchedule) -> Badge:
    return schedule_badge(line, timezone.localdate())


class ScheduleListView(_BadgeListView):
    template_name = "inspections/schedule_list.html"
    title = gettext_lazy("Periodic inspections")
    export_name = gettext_lazy("periodic-inspections")
    filterset_class = ScheduleFilter
    default_sort = "next_due_on"
    columns = (
        Column("next_due_on", gettext_lazy("Next due on"), sort="next_due_on"),
        Column("status", gettext_lazy("Status"), value=_today_badge),
        Column(
            "inspection", gettext_lazy("Inspection"), value=lambda line: line.inspection_type.title, link=True
        ),
        Column(
            "equipment",
            gettext_lazy("Equipment"),
            sort="equipment__name",
            value=lambda line: str(line.equipment),
        ),
        Column(
            "site", gettext_lazy("Site"), sort="equipment__site__name", value=lambda line: line.equipment.site
        ),
        Column("periodicity_months", gettext_lazy("Periodicity (months)"), sort="periodicity_months"),
        Column("last_done_on", gettext_lazy("Last done on"), sort="last_done_on"),
    )

    def get_base_queryset(self):
        return selectors.schedule_list(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") != "pdf":
            return super().get(request, *args, **kwargs)
        self.filterset = self.get_filterset()
        lines = selectors.with_last_visit(self.filterset.qs).order_by(
            "equipment__site__name", "next_due_on", "equipment__name", "pk"
        )[:EXPORT_MAX_ROWS]
        today = timezone.localdate()
        data = report.register_data(lines, today)
        response = HttpResponse(render_pdf(report.TEMPLATE, data), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="registre-verifications-{today.isoformat()}.pdf"'
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["counts"] = selectors.status_counts(self.request.user, today=timezone.localdate())
        return context


class ObservationFilter(_StyledFilter):
    site = ModelChoiceFilter(
        label=gettext_lazy("Site"), queryset=_sites, field_name="visit__schedule__equipment__site"
    )
    severity = ChoiceFilter(label=gettext_lazy("Severity"), choices=ObservationSeverity.choices)
    treatment = ChoiceFilter(
        label=gettext_lazy("Treatment"), choices=ObservationTreatment.choices, method="filter_treatment"
    )

    class Meta:
        model = Observation
        fields = ["site", "severity"]

    def filter_treatment(self, queryset, name, value):
        return selectors.observation_filter_treatment(queryset, value)


SEVERITY_BADGES = {
    ObservationSeverity.CRITICAL: EquipmentStatus.USE_FORBIDDEN,
    ObservationSeverity.MAJOR: ScheduleStatus.DUE_SOON,
    ObservationSeverity.MINOR: ScheduleStatus.NOT_REQUIRED,
}


def _action_text(observation: Observation) -> str:
    action = observation.action
    if action is None:
        return "—"
    return f"{action.reference} · {action.get_status_display()} · {action.owner}"


class ObservationListView(_BadgeListView):
    """Every observation of the inspection reports and how it is being remedied."""

    template_name = "inspections/observation_list.html"
    title = gettext_lazy("Observations of the inspection reports")
    export_name = gettext_lazy("inspection-observations")
    filterset_class = ObservationFilter
    default_sort = "-performed_on"
    columns = (
        Column(
            "performed_on",
            gettext_lazy("Performed on"),
            sort="visit__performed_on",
            value=lambda o: o.visit.performed_on,
        ),
        Column("visit", gettext_lazy("Inspection"), value=lambda o: o.visit.reference, link=True),
        Column(
            "equipment",
            gettext_lazy("Equipment"),
            sort="visit__schedule__equipment__name",
            value=lambda o: str(o.visit.schedule.equipment),
        ),
        Column("site", gettext_lazy("Site"), value=lambda o: o.visit.schedule.equipment.site),
        Column(
            "severity",
            gettext_lazy("Severity"),
            sort="severity",
            value=lambda o: Badge(SEVERITY_BADGES[o.severity], o.get_severity_display()),
        ),
        Column("text", gettext_lazy("Observation")),
        Column("action", gettext_lazy("Action"), value=_action_text),
    )

    def get_base_queryset(self):
        return selectors.observation_list(self.request.user)


class VisitFilter(_StyledFilter):
    site = ModelChoiceFilter(
        label=gettext_lazy("Site"), queryset=_sites, field_name="schedule__equipment__site"
    )
    result = ChoiceFilter(label=gettext_lazy("Result"), choices=VisitResult.choices)
    body = CharFilter(label=gettext_lazy("Inspection body"), lookup_expr="icontains")
    performed_from = DateFilter(
        label=gettext_lazy("Performed from"), field_name="performed_on", lookup_expr="gte", widget=DateInput()
    )
    performed_to = DateFilter(
        label=gettext_lazy("Performed until"),
        field_name="performed_on",
        lookup_expr="lte",
        widget=DateInput(),
    )

    class Meta:
        model = InspectionVisit
        fields = ["site", "result", "body"]


def _result_badge(visit: InspectionVisit) -> Badge:
    status = {
        VisitResult.COMPLIANT: EquipmentStatus.IN_SERVICE,
        VisitResult.OBSERVATIONS: ScheduleStatus.DUE_SOON,
        VisitResult.UNSAFE: EquipmentStatus.USE_FORBIDDEN,
    }[visit.result]
    return Badge(status, visit.get_result_display())


class VisitListView(_BadgeListView):
    """Every inspection performed: by body, result and period (for the yearly review or invoices)."""

    template_name = "inspections/observation_list.html"
    title = gettext_lazy("Inspections performed")
    export_name = gettext_lazy("inspections-performed")
    filterset_class = VisitFilter
    default_sort = "-performed_on"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("performed_on", gettext_lazy("Performed on"), sort="performed_on"),
        Column("inspection", gettext_lazy("Inspection"), value=lambda v: v.schedule.inspection_type.title),
        Column(
            "equipment",
            gettext_lazy("Equipment"),
            sort="schedule__equipment__name",
            value=lambda v: str(v.schedule.equipment),
        ),
        Column("site", gettext_lazy("Site"), value=lambda v: v.schedule.equipment.site),
        Column("body", gettext_lazy("Inspection body"), sort="body"),
        Column("result", gettext_lazy("Result"), sort="result", value=_result_badge),
        Column("observation_count", gettext_lazy("Observations"), sort="observation_count"),
        Column("next_due_on", gettext_lazy("Next due on")),
    )

    def get_base_queryset(self):
        return selectors.visit_list(self.request.user)


# --- Equipment ---------------------------------------------------------------------------------


@login_required
def equipment_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Equipment):
        raise PermissionDenied
    person = user_person(request.user)
    initial = {
        "site": getattr(person, "site", None),
        "responsible": person,
        "quantity": 1,
        "is_in_service": True,
    }
    form = EquipmentForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            equipment = services.equipment_create(
                user=request.user, site=data.pop("site"), kind=data.pop("kind"), name=data.pop("name"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            count = equipment.schedule_lines.count()
            messages.success(
                request,
                _("The equipment is declared: %(count)s periodic inspection(s) scheduled.")
                % {"count": count},
            )
            return redirect(equipment)
    return render(request, "inspections/form.html", {"form": form, "title": _("Declare equipment")})


@login_required
def equipment_import(request: HttpRequest) -> HttpResponse:
    """Import a register from Excel: checked as a whole, every error named by row and column."""
    if not can(request.user, Operation.CREATE, Equipment):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        sites: dict[str, Any] = {}
        for site in organization_selectors.site_list(request.user):
            sites[site.code.lower()] = sites[site.name.lower()] = site
        kinds: dict[str, Any] = {}
        for kind in EquipmentKind.objects.all():
            kinds[kind.code.lower()] = kinds[kind.name_fr.lower()] = kind
        try:
            rows = importing.read(
                form.cleaned_data["file"].read(), sites=sites, kinds=kinds, today=timezone.localdate()
            )
            counts = services.equipment_import(user=request.user, rows=rows)
        except importing.RegisterFileError as error:
            errors = error.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(equipment)s pieces of equipment imported, %(inspections)s inspections scheduled.")
                % counts,
            )
            return redirect("inspections:equipment_list")
    return render(
        request,
        "inspections/import.html",
        {"form": form, "errors": errors, "title": _("Import the equipment register")},
        status=422 if errors else 200,
    )


@login_required
def equipment_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="registre-equipements-modele.xlsx"'
    return response


@login_required
def equipment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    equipment = selectors.equipment_get(request.user, pk)
    if not can(request.user, Operation.EDIT, equipment):
        raise PermissionDenied
    form = EquipmentForm(request.POST or None, instance=equipment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.equipment_update(user=request.user, equipment=equipment, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(equipment)
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "title": _("Edit %(equipment)s") % {"equipment": equipment.name},
            "equipment": equipment,
        },
    )


@login_required
def equipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    equipment = selectors.equipment_get(request.user, pk)
    today = timezone.localdate()
    lines = list(
        selectors.schedule_list(request.user).filter(equipment=equipment).order_by("next_due_on", "pk")
    )
    visits = list(selectors.visit_list(request.user).filter(schedule__equipment=equipment))
    return render(
        request,
        "inspections/equipment_detail.html",
        {
            "equipment": equipment,
            "badge": equipment_badge(equipment),
            "rows": [{"line": line, "badge": schedule_badge(line, today)} for line in lines],
            "visits": visits,
            "can_edit": can(request.user, Operation.EDIT, equipment),
            "can_record": can(request.user, Operation.CREATE, InspectionVisit, site_id=equipment.site_id),
        },
    )


@login_required
@require_POST
def equipment_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    equipment = selectors.equipment_get(request.user, pk)
    added = services.equipment_regenerate(user=request.user, equipment=equipment)
    messages.success(request, _("%(count)s inspection(s) added from the catalogue.") % {"count": added})
    return redirect(equipment)


# --- Schedule lines ----------------------------------------------------------------------------


def _line_context(request: HttpRequest, line: InspectionSchedule, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "line": line,
        "equipment": line.equipment,
        "type": line.inspection_type,
        "badge": schedule_badge(line, today),
        "days_overdue": calculations.days_overdue(line.next_due_on, today),
        "visits": list(selectors.visit_list(request.user).filter(schedule=line)),
        "can_edit": can(request.user, Operation.EDIT, line),
        "can_record": line.is_required
        and can(request.user, Operation.CREATE, InspectionVisit, site_id=line.equipment.site_id),
        "not_required_form": forms.get("not_required_form") or NotRequiredForm(),
        "schedule_form": forms.get("schedule_form")
        or ScheduleForm(
            initial={
                "periodicity_months": line.periodicity_months,
                "extension_reason": line.extension_reason,
                "last_done_on": line.last_done_on,
            }
        ),
    }


@login_required
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.schedule_get(request.user, pk)
    return render(request, "inspections/schedule_detail.html", _line_context(request, line))


@login_required
@require_POST
def schedule_not_required(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.schedule_get(request.user, pk)
    if not can(request.user, Operation.EDIT, line):
        raise PermissionDenied
    form = NotRequiredForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_set_not_required(
                user=request.user, line=line, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The inspection is marked not required."))
            return redirect(line)
    context = _line_context(request, line, not_required_form=form)
    return render(request, "inspections/schedule_detail.html", context, status=422)


@login_required
@require_POST
def schedule_required(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.schedule_get(request.user, pk)
    if not can(request.user, Operation.EDIT, line):
        raise PermissionDenied
    services.schedule_set_required(user=request.user, line=line)
    messages.success(request, _("The inspection is required again."))
    return redirect(line)


@login_required
@require_POST
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.schedule_get(request.user, pk)
    if not can(request.user, Operation.EDIT, line):
        raise PermissionDenied
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_update(user=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(line)
    line = selectors.schedule_get(request.user, pk)
    return render(
        request,
        "inspections/schedule_detail.html",
        _line_context(request, line, schedule_form=form),
        status=422,
    )


# --- Visits and observations -------------------------------------------------------------------


@login_required
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.schedule_get(request.user, pk)
    if not can(request.user, Operation.CREATE, InspectionVisit, site_id=line.equipment.site_id):
        raise PermissionDenied
    form = VisitForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.visit_record(
                    user=request.user,
                    schedule=line,
                    performed_on=data["performed_on"],
                    body=data["body"],
                    result=data["result"],
                    inspector_name=data["inspector_name"],
                    report_reference=data["report_reference"],
                    comment=data["comment"],
                    observations=form.observations(),
                    report=data.get("report"),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Inspection %(reference)s recorded; next one due on %(due)s.")
                    % {"reference": visit.reference, "due": visit.next_due_on.strftime("%d/%m/%Y")},
                )
                return redirect(visit)
    return render(
        request,
        "inspections/visit_form.html",
        {"form": form, "line": line, "title": _("Record an inspection")},
        status=status,
    )


def _visit_context(request: HttpRequest, visit: InspectionVisit, form: Any = None) -> dict[str, Any]:
    observations = list(selectors.observation_list(request.user).filter(visit=visit).order_by("pk"))
    person = user_person(request.user)
    return {
        "observation_form": form or ObservationForm(),
        "can_add": can(request.user, Operation.EDIT, visit),
        "visit": visit,
        "line": visit.schedule,
        "equipment": visit.schedule.equipment,
        "observations": observations,
        "action_form": ObservationActionForm(
            user=request.user, initial={"owner": visit.schedule.equipment.responsible or person}
        ),
        "can_act": can(request.user, Operation.VIEW, visit),
    }


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get(request.user, pk)
    return render(request, "inspections/visit_detail.html", _visit_context(request, visit))


@login_required
@require_POST
def observation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an observation to a recorded visit (a report received after the visit)."""
    visit = selectors.visit_get(request.user, pk)
    if not can(request.user, Operation.EDIT, visit):
        raise PermissionDenied
    form = ObservationForm(request.POST)
    if form.is_valid():
        try:
            services.observation_add(user=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The observation is added."))
            return redirect(visit)
    return render(request, "inspections/visit_detail.html", _visit_context(request, visit, form), status=422)


@login_required
@require_POST
def observation_action(request: HttpRequest, pk: int) -> HttpResponse:
    observation = selectors.observation_get(request.user, pk)
    form = ObservationActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            observation = services.observation_create_action(
                user=request.user,
                observation=observation,
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Action %(reference)s opened for the observation.")
                % {"reference": observation.action.reference},
            )
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(observation.visit)


# --- Calendar and catalogue --------------------------------------------------------------------


def _month(request: HttpRequest, today: date) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The inspections due in a month: a grid of weeks and the same as a list (for screen readers);
    overdue inspections are counted and shown on today's cell until done."""
    today = timezone.localdate()
    first, last = calculations.month_bounds(_month(request, today))
    form = CalendarFilterForm(request.GET or None, user=request.user)
    site_id = kind_id = None
    if form.is_valid():
        site_id = getattr(form.cleaned_data.get("site"), "pk", None)
        kind_id = getattr(form.cleaned_data.get("kind"), "pk", None)
    due = selectors.due_inspections(
        request.user, start=first, end=last, today=today, site_id=site_id, kind_id=kind_id
    )
    by_day: dict[date, list[Any]] = {}
    for item in due:
        by_day.setdefault(item.due_on, []).append(item)
    weeks = [
        [{"day": day, "in_month": day.month == first.month, "items": by_day.get(day, [])} for day in week]
        for week in calculations.month_weeks(first.year, first.month)
    ]
    return render(
        request,
        "inspections/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "due": [
                {"item": item, "badge": Badge(item.status, ScheduleStatus(item.status).label)} for item in due
            ],
            "form": form,
            "today": today,
            "counts": selectors.status_counts(request.user, today=today, site_id=site_id),
            "previous_month": calculations.add_months(first, -1).strftime("%Y-%m"),
            "next_month": calculations.add_months(first, 1).strftime("%Y-%m"),
            "filters": query_without(request, "month"),
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # a Monday to a Sunday
        },
    )


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The inspection types by kind of equipment, with periodicity, legal basis and who inspects."""
    types = list(selectors.type_list(request.user).order_by("kind__name_fr", "periodicity_months", "code"))
    groups: dict[EquipmentKind, list[InspectionType]] = {}
    for inspection_type in types:
        groups.setdefault(inspection_type.kind, []).append(inspection_type)
    return render(
        request,
        "inspections/catalogue.html",
        {
            "groups": list(groups.items()),
            "to_verify_count": sum(1 for t in types if t.to_verify),
            "can_create": can(request.user, Operation.CREATE, InspectionType),
            "can_edit": can(request.user, Operation.EDIT, InspectionType),
        },
    )


@login_required
def kind_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, EquipmentKind):
        raise PermissionDenied
    form = EquipmentKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.equipment_kind_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The equipment kind is added: add the inspections it requires."))
            return redirect("inspections:type_create")
    return render(
        request,
        "inspections/form.html",
        {"form": form, "title": _("New equipment kind"), "in_catalogue": True},
    )


@login_required
def type_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, InspectionType):
        raise PermissionDenied
    form = InspectionTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.inspection_type_create(
                user=request.user,
                code=data.pop("code"),
                kind=data.pop("kind"),
                title_fr=data.pop("title_fr"),
                periodicity_months=data.pop("periodicity_months"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("The inspection type is added and scheduled on the equipment of its kind.")
            )
            return redirect("inspections:catalogue")
    return render(
        request,
        "inspections/form.html",
        {"form": form, "title": _("New inspection type"), "in_catalogue": True},
    )


@login_required
def type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection_type = selectors.type_get(request.user, pk)
    if not can(request.user, Operation.EDIT, inspection_type):
        raise PermissionDenied
    form = InspectionTypeForm(request.POST or None, instance=inspection_type)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}
        try:
            services.inspection_type_update(user=request.user, inspection_type=inspection_type, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("inspections:catalogue")
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "title": _("Edit %(type)s") % {"type": inspection_type.title},
            "inspection_type": inspection_type,
        },
    )

"""Pages of the accident register. Thin: forms validate, services write, selectors read.

The victim's name and medical details are shown only when ``selectors.can_see_personal_data``
allows it: the list and its Excel export get the victim columns only then, the accident page the
victim panel only then; other roles read "Personal data: restricted access"."""

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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import ChoiceFilter, DateFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, apply_service_errors, style_fields
from qsse.core.listing import Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors

from . import calculations, charts, diagram, report, selectors, services
from .choices import AccidentKind, AccidentStatus, LesionSeat
from .forms import AccidentForm, CauseActionForm, DuerLinkForm, FactEditForm, FactForm, HoursForm, LinkForm
from .models import Accident, HoursWorked


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


class AccidentFilter(FilterSet):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    kind = ChoiceFilter(label=gettext_lazy("Kind"), choices=AccidentKind.choices)
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=AccidentStatus.choices)
    occurred_from = DateFilter(
        label=gettext_lazy("From"), field_name="occurred_at", lookup_expr="date__gte", widget=DateInput()
    )
    occurred_to = DateFilter(
        label=gettext_lazy("Before"), field_name="occurred_at", lookup_expr="date__lt", widget=DateInput()
    )

    class Meta:
        model = Accident
        fields = ["site", "kind", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)


def _victim_name(accident: Accident) -> str:
    record = getattr(accident, "victim_record", None)
    return str(record.victim) if record is not None and record.victim is not None else ""


def _seat(accident: Accident) -> str:
    record = getattr(accident, "victim_record", None)
    return record.get_lesion_seat_display() if record is not None and record.lesion_seat else ""


BASE_COLUMNS = (
    Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
    Column("occurred_at", gettext_lazy("Date and time"), sort="occurred_at"),
    Column("kind", gettext_lazy("Kind"), sort="kind"),
    Column("site", gettext_lazy("Site"), sort="site__name"),
    Column("work_unit", gettext_lazy("Work unit")),
    Column("title", gettext_lazy("Title")),
    Column("days_lost", gettext_lazy("Days lost"), sort="days_lost"),
    Column("status", gettext_lazy("Status"), sort="status"),
)
PERSONAL_COLUMNS = (
    Column("victim", gettext_lazy("Victim"), value=_victim_name),
    Column("lesion_seat", gettext_lazy("Seat of the lesions"), value=_seat),
)


class AccidentListView(LoginRequiredMixin, FilteredListView):
    template_name = "accidents/accident_list.html"
    title = gettext_lazy("Accidents and near misses")
    export_name = gettext_lazy("accident-register")
    filterset_class = AccidentFilter
    default_sort = "-occurred_at"
    columns = BASE_COLUMNS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Victim columns (pages and Excel export) only for the roles allowed to see them.
        self.columns = BASE_COLUMNS + (
            PERSONAL_COLUMNS if selectors.can_see_personal_data(request.user) else ()
        )
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return selectors.accident_list(self.request.user)

    create_model = Accident


def _form_page(
    request: HttpRequest, form: AccidentForm, title: str, accident: Accident | None = None
) -> HttpResponse:
    return render(
        request, "accidents/accident_form.html", {"form": form, "title": title, "accident": accident}
    )


@login_required
def accident_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Accident):
        raise PermissionDenied
    person = user_person(request.user)
    initial = {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
    if person is not None and person.site_id:
        initial["site"] = person.site_id
    form = AccidentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            accident = services.accident_create(user=request.user, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Accident %(reference)s recorded.") % {"reference": accident.reference}
            )
            return redirect(accident)
    return _form_page(request, form, _("Record an accident or a near miss"))


@login_required
def accident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    accident = selectors.accident_get(request.user, pk)
    if not can(request.user, Operation.EDIT, accident):
        raise PermissionDenied
    form = AccidentForm(
        request.POST or None,
        instance=accident,
        user=request.user,
        victim_record=selectors.victim_get(request.user, accident),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accident_update(user=request.user, accident=accident, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Accident saved."))
            return redirect(accident)
    return _form_page(request, form, _("Edit %(reference)s") % {"reference": accident.reference}, accident)


def _tree_context(request: HttpRequest, accident: Accident, **extra: Any) -> dict[str, Any]:
    tree = selectors.tree_get(accident)
    nodes_by_id = {node.pk: node for node in tree.nodes}
    link_rows = [(link, nodes_by_id[link.cause_id], nodes_by_id[link.effect_id]) for link in tree.links]
    problems = calculations.tree_problems(
        [node.pk for node in tree.nodes],
        tree.root.pk if tree.root else 0,
        [calculations.Link(link.cause_id, link.effect_id) for link in tree.links],
    )
    unlinked = [
        nodes_by_id[node_id] for code, node_id in problems if code == "unlinked" and node_id in nodes_by_id
    ]
    can_edit = can(request.user, Operation.EDIT, accident)
    return {
        "accident": accident,
        "tree": tree,
        "diagram": diagram.build(tree.nodes, tree.links),
        "link_rows": link_rows,
        "unlinked": unlinked,
        "can_edit_tree": can_edit,
        "can_act": can(request.user, Operation.CREATE, _action_model()),
        "fact_form": extra.pop("fact_form", None) or FactForm(nodes=tree.nodes),
        "link_form": extra.pop("link_form", None) or LinkForm(nodes=tree.nodes),
        "action_form": CauseActionForm(user=request.user),
        "tree_errors": extra.pop("tree_errors", []),
        **extra,
    }


def _action_model():
    from qsse.actions.models import Action

    return Action


@login_required
def accident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    accident = selectors.accident_get(request.user, pk)
    context = _tree_context(request, accident)
    context.update(_duer_context(request, accident))
    context.update(
        victim=selectors.victim_get(request.user, accident),
        shows_personal_data=selectors.can_see_personal_data(request.user),
        can_edit=can(request.user, Operation.EDIT, accident),
    )
    return render(request, "accidents/accident_detail.html", context)


def _duer_context(request: HttpRequest, accident: Accident, **extra: Any) -> dict[str, Any]:
    """The DUER hazards the accident is linked to, and those it may still be linked to."""
    from qsse.duer import selectors as duer_selectors

    links = duer_selectors.feedback_for_source(request.user, accident)
    for item in links:
        item.can_unlink = can(request.user, Operation.EDIT, item.hazard)
    linked = {item.hazard_id for item in links}
    hazards = [
        hazard
        for hazard in duer_selectors.hazards_for_feedback(
            request.user, site=accident.site, work_unit=accident.work_unit
        )
        if hazard.pk not in linked
    ]
    return {
        "accident": accident,
        "duer_links": links,
        "duer_form": extra.pop("duer_form", None) or DuerLinkForm(hazards=hazards),
        "duer_hazards": hazards,
        "can_change_duer": bool(hazards) or any(item.can_unlink for item in links),
        **extra,
    }


def _duer_response(request: HttpRequest, accident: Accident, **extra: Any) -> HttpResponse:
    if request.htmx:
        return render(request, "accidents/partials/_duer.html", _duer_context(request, accident, **extra))
    for error in extra.get("duer_errors", []):
        messages.error(request, error)
    if extra.get("duer_message"):
        messages.success(request, extra["duer_message"])
    return redirect(accident.get_absolute_url() + "#duer")


@login_required
@require_POST
def duer_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the accident to a DUER hazard, which is marked to re-evaluate (the DUER updated from
    the analysis)."""
    from qsse.duer import selectors as duer_selectors
    from qsse.duer import services as duer_services

    accident = selectors.accident_get(request.user, pk)
    hazards = duer_selectors.hazards_for_feedback(
        request.user, site=accident.site, work_unit=accident.work_unit
    )
    form = DuerLinkForm(request.POST, hazards=hazards)
    if not form.is_valid():
        return _duer_response(
            request, accident, duer_form=form, duer_errors=[_("Choose a hazard of the DUER.")]
        )
    try:
        duer_services.hazard_feedback_add(
            user=request.user,
            hazard=form.cleaned_data["hazard"],
            source=accident,
            source_on=timezone.localtime(accident.occurred_at).date(),
            note=form.cleaned_data["note"],
            flag_review=form.cleaned_data["flag_review"],
        )
    except ValidationError as error:
        return _duer_response(request, accident, duer_form=form, duer_errors=error.messages)
    return _duer_response(request, accident, duer_message=_("The accident is linked to the DUER hazard."))


@login_required
@require_POST
def duer_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    from qsse.duer import selectors as duer_selectors
    from qsse.duer import services as duer_services

    item = duer_selectors.feedback_get(request.user, pk)
    if item.source_content_type.model_class() is not Accident:
        raise PermissionDenied
    accident = selectors.accident_get(request.user, item.source_object_id)
    duer_services.hazard_feedback_remove(user=request.user, item=item)
    return _duer_response(request, accident, duer_message=_("The link to the DUER hazard is removed."))


@login_required
def accident_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The accident and its tree of causes on one printable page (print CSS, landscape)."""
    accident = selectors.accident_get(request.user, pk)
    context = _tree_context(request, accident)
    context["victim"] = selectors.victim_get(request.user, accident)
    return render(request, "accidents/accident_print.html", context)


@login_required
def accident_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree of causes as a PDF (Typst), landscape."""
    accident = selectors.accident_get(request.user, pk)
    tree = selectors.tree_get(accident)
    data = report.tree_data(
        accident, tree, diagram.build(tree.nodes, tree.links), selectors.victim_get(request.user, accident)
    )
    response = HttpResponse(render_pdf(report.TEMPLATE, data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="arbre-des-causes-{accident.reference}.pdf"'
    return response


def _tree_response(request: HttpRequest, accident: Accident, **extra: Any) -> HttpResponse:
    if request.htmx:
        return render(request, "accidents/partials/_tree.html", _tree_context(request, accident, **extra))
    for error in extra.get("tree_errors", []):
        messages.error(request, error)
    return redirect(accident.get_absolute_url() + "#tree")


@login_required
@require_POST
def fact_add(request: HttpRequest, pk: int) -> HttpResponse:
    accident = selectors.accident_get(request.user, pk)
    tree = selectors.tree_get(accident)
    form = FactForm(request.POST, nodes=tree.nodes)
    errors: list[str] = []
    if form.is_valid():
        effect = next((node for node in tree.nodes if node.pk == form.cleaned_data["effect"]), None)
        try:
            services.fact_add(
                user=request.user,
                accident=accident,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                component=form.cleaned_data["component"],
                effect=effect,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            form = None
    else:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    return _tree_response(request, accident, fact_form=form if errors else None, tree_errors=errors)


@login_required
def fact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the wording, kind or component of a fact (the injury's wording too)."""
    node = selectors.node_get(request.user, pk)
    accident = node.accident
    if not can(request.user, Operation.EDIT, accident):
        raise PermissionDenied
    form = FactEditForm(
        request.POST or None, initial={"text": node.text, "kind": node.kind, "component": node.component}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fact_update(user=request.user, node=node, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Fact updated."))
            return redirect(accident.get_absolute_url() + f"#fact-{node.pk}")
    return render(
        request,
        "accidents/fact_form.html",
        {"form": form, "accident": accident, "title": _("Edit a fact of the tree")},
    )


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    accident = selectors.accident_get(request.user, pk)
    tree = selectors.tree_get(accident)
    form = LinkForm(request.POST, nodes=tree.nodes)
    errors: list[str] = []
    if form.is_valid():
        nodes = {node.pk: node for node in tree.nodes}
        try:
            services.link_add(
                user=request.user,
                cause=nodes[form.cleaned_data["cause"]],
                effect=nodes[form.cleaned_data["effect"]],
            )
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    return _tree_response(request, accident, tree_errors=errors)


@login_required
@require_POST
def fact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(request.user, pk)
    accident = node.accident
    errors: list[str] = []
    try:
        services.fact_remove(user=request.user, node=node)
    except ValidationError as error:
        errors = error.messages
    return _tree_response(request, accident, tree_errors=errors)


@login_required
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.link_get(request.user, pk)
    accident = link.cause.accident
    services.link_remove(user=request.user, link=link)
    return _tree_response(request, accident)


@login_required
@require_POST
def fact_action(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(request.user, pk)
    form = CauseActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            node = services.fact_create_action(
                user=request.user,
                node=node,
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                type=form.cleaned_data["type"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Action %(reference)s opened for the cause.") % {"reference": node.action.reference},
            )
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(node.accident.get_absolute_url() + "#causes")


# --- Hours worked ------------------------------------------------------------------------------


@login_required
def hours(request: HttpRequest) -> HttpResponse:
    """The hours worked and average headcount of a site, month by month for a year (one grid)."""
    sites = list(organization_selectors.site_list(request.user))
    today = timezone.localdate()
    site = next((s for s in sites if str(s.pk) == request.GET.get("site", "")), sites[0] if sites else None)
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    can_edit = site is not None and can(request.user, Operation.EDIT, HoursWorked, site_id=site.pk)
    existing = selectors.hours_of_year(request.user, site, year) if site else {}
    form = HoursForm(request.POST or None, year=year, existing=existing)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.hours_save_year(user=request.user, site=site, values=form.values())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Hours worked saved."))
                return redirect(f"{request.path}?site={site.pk}&year={year}")
    return render(
        request,
        "accidents/hours.html",
        {
            "form": form,
            "sites": sites,
            "site": site,
            "year": year,
            "years": range(today.year - 4, today.year + 2),
            "can_edit": can_edit,
        },
    )


# --- Dashboard and kiosk -------------------------------------------------------------------------


def _end_month(request: HttpRequest, today: date) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        # The month just finished: the current month's hours are usually not entered yet.
        return calculations.add_months(today.replace(day=1), -1)


SEAT_ORDER = [seat for seat, _label in LesionSeat.choices]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Health and safety dashboard: TF, TF2, TG, IF per month and rolling 12 months, per site,
    injuries by seat of the lesions on a body diagram, days without accident."""
    today = timezone.localdate()
    end_month = _end_month(request, today)
    sites = list(organization_selectors.site_list(request.user).filter(is_active=True))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site", "")), None)
    site_ids = [site.pk] if site else [s.pk for s in sites]
    months = selectors.rates_by_month(site_ids, end_month)
    start = calculations.add_months(end_month, -11)
    end = calculations.add_months(end_month, 1)
    seats = selectors.seat_counts(request.user, site_ids, start, end)
    kinds = selectors.kind_counts(request.user, site_ids, start, end)
    return render(
        request,
        "accidents/dashboard.html",
        {
            "sites": sites,
            "site": site,
            "end_month": end_month,
            "months": months,
            "latest": months[-1] if months else None,
            "site_rows": selectors.rates_by_site(sites, end_month),
            "tf_chart": charts.rate_chart(months, "tf", _("TF"), _("TF rolling 12 months")),
            "tg_chart": charts.rate_chart(months, "tg", _("TG"), _("TG rolling 12 months")),
            "seats": [(seat, label, seats.get(seat, 0)) for seat, label in LesionSeat.choices],
            "seat_total": sum(seats.values()),
            "body": charts.body_regions(seats),
            "kinds": [(label, kinds.get(value, 0)) for value, label in AccidentKind.choices],
            "days_without_accident": selectors.days_without_accident(site_ids, today),
            "month_value": end_month.strftime("%Y-%m"),
        },
    )


@login_required
def kiosk(request: HttpRequest) -> HttpResponse:
    """Days without accident with lost time, large, for the workshop screen (refreshes itself)."""
    today = timezone.localdate()
    sites = list(organization_selectors.site_list(request.user).filter(is_active=True))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site", "")), None)
    site_ids = [site.pk] if site else [s.pk for s in sites]
    last = selectors.last_lost_time_accident_on(site_ids)
    return render(
        request,
        "accidents/kiosk.html",
        {
            "site": site,
            "days": selectors.days_without_accident(site_ids, today),
            "last": last,
        },
    )

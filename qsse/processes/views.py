from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.listing import Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, require
from qsse.organization.selectors import person_list

from . import selectors, services
from .choices import ProcessKind
from .forms import InteractionForm, ProcessForm, add_service_errors
from .models import Process

REPORTS_DIR = Path(__file__).resolve().parent / "reports"


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class YesNoAllSelect(forms.Select):
    """A yes / no filter whose empty choice reads "All" (not "Unknown")."""

    def __init__(self, attrs=None):
        choices = [
            ("", pgettext_lazy("process filter", "All")),
            ("true", gettext_lazy("Yes")),
            ("false", gettext_lazy("No")),
        ]
        super().__init__(attrs, choices)

    def format_value(self, value):
        if isinstance(value, list):
            value = value[0] if value else ""
        return [{True: "true", False: "false", "True": "true", "False": "false"}.get(value, value or "")]


class ProcessFilter(FilterSet):
    q = CharFilter(method="search", label=gettext_lazy("Code or name"))
    kind = ChoiceFilter(
        choices=ProcessKind.choices,
        label=gettext_lazy("Type"),
        empty_label=pgettext_lazy("process filter", "All"),
    )
    owner = ModelChoiceFilter(
        queryset=None, label=gettext_lazy("Process owner"), empty_label=pgettext_lazy("process filter", "All")
    )
    is_active = BooleanFilter(label=gettext_lazy("Active"), widget=YesNoAllSelect)
    owner_missing = BooleanFilter(
        field_name="owner", lookup_expr="isnull", label=gettext_lazy("Without owner"), widget=YesNoAllSelect
    )

    class Meta:
        model = Process
        fields = ["q", "kind", "owner", "is_active", "owner_missing"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["owner"].queryset = person_list(user).filter(owned_processes__isnull=False).distinct()
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.form.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"
        self.form.fields["owner"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("is_active", "owner_missing"):
            self.form.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ProcessListView(LoginRequiredMixin, FilteredListView):
    template_name = "processes/process_list.html"
    title = gettext_lazy("Processes")
    export_name = "processes"
    filterset_class = ProcessFilter
    default_sort = "kind"
    columns = (
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("kind", gettext_lazy("Type"), sort="kind"),
        Column("owner", gettext_lazy("Process owner"), sort="owner__last_name"),
        Column("position", gettext_lazy("Position"), sort="position"),
        Column("outgoing_count", gettext_lazy("Outgoing interactions")),
        Column("incoming_count", gettext_lazy("Incoming interactions")),
        Column(
            "is_active", gettext_lazy("Active"), sort="is_active", value=lambda row: _yes_no(row.is_active)
        ),
    )

    def get_base_queryset(self):
        return selectors.process_list(self.request.user).annotate(
            outgoing_count=Count("outgoing_interactions", distinct=True),
            incoming_count=Count("incoming_interactions", distinct=True),
        )

    def sorted_queryset(self, queryset):
        queryset = super().sorted_queryset(queryset)
        if self.sort_key().lstrip("-") == "kind":
            # Map order inside a type: position then code.
            descending = self.sort_key().startswith("-")
            sign = "-" if descending else ""
            return queryset.order_by(f"{sign}kind", "position", "code")
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_create=can(self.request.user, Operation.CREATE, Process), **kwargs
        )


class ProcessMapView(LoginRequiredMixin, TemplateView):
    template_name = "processes/process_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        data = selectors.process_map_data(self.request.user)
        processes_by_kind = {kind: [] for kind, _label in ProcessKind.choices}
        for process in data.processes:
            processes_by_kind[process.kind].append(process)
        labels = selectors.band_labels()
        return super().get_context_data(
            map=data,
            layout=data.layout,
            bands=[(kind, labels[kind], processes_by_kind[kind]) for kind, _label in ProcessKind.choices],
            can_create=can(self.request.user, Operation.CREATE, Process),
            **kwargs,
        )


def _detail_context(request: HttpRequest, process: Process, interaction_form: InteractionForm | None = None):
    interactions = list(selectors.interaction_list(request.user, process=process).order_by("pk"))
    can_edit = can(request.user, Operation.EDIT, process)
    upstream = [i for i in interactions if i.target_id == process.pk]
    downstream = [i for i in interactions if i.source_id == process.pk]
    return {
        "process": process,
        "upstream": upstream,
        "downstream": downstream,
        "interaction_groups": [
            (_("Upstream: receives from"), upstream, "source"),
            (_("Downstream: delivers to"), downstream, "target"),
        ],
        "sheet_sections": [
            (_("Inputs"), process.inputs),
            (_("Outputs"), process.outputs),
            (_("Resources"), process.resources),
            (_("Performance objectives"), process.performance_objectives),
            (_("Indicators"), process.indicators),
        ],
        "can_edit": can_edit,
        "can_deactivate": can(request.user, Operation.DELETE, process),
        "can_manage": services.manages_process_map(request.user),
        "interaction_form": interaction_form
        or (InteractionForm(user=request.user, process=process) if can_edit and process.is_active else None),
    }


@login_required
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    return render(request, "processes/process_detail.html", _detail_context(request, process))


def _form_page(request: HttpRequest, form: ProcessForm, process: Process | None) -> HttpResponse:
    return render(request, "processes/process_form.html", {"form": form, "process": process})


@login_required
def process_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Operation.CREATE, Process)
    form = ProcessForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(user=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The process %(process)s is created.") % {"process": process})
            return redirect(process)
    return _form_page(request, form, None)


@login_required
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    require(request.user, Operation.EDIT, process)
    form = ProcessForm(request.POST or None, instance=process, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if data.get("position") is None:
            data.pop("position", None)
        try:
            services.process_update(user=request.user, process=process, data=data)
        except ValidationError as error:
            process.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The process sheet is saved."))
            return redirect(process)
    return _form_page(request, form, process)


@login_required
@require_POST
def process_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    try:
        services.process_deactivate(user=request.user, process=process, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The process is deactivated: it no longer appears on the map."))
    return redirect(process)


@login_required
@require_POST
def process_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    try:
        services.process_reactivate(user=request.user, process=process)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The process is active again."))
    return redirect(process)


def _interactions_response(request: HttpRequest, process: Process, form: InteractionForm | None = None):
    if request.htmx:
        return render(
            request, "processes/partials/_interactions.html", _detail_context(request, process, form)
        )
    if form is not None and form.errors:
        return render(
            request, "processes/process_detail.html", _detail_context(request, process, form), status=400
        )
    return redirect(process)


@login_required
@require_POST
def interaction_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    require(request.user, Operation.EDIT, process)
    form = InteractionForm(request.POST, user=request.user, process=process)
    if form.is_valid():
        source, target = form.endpoints()
        try:
            services.interaction_add(
                user=request.user, source=source, target=target, flow=form.cleaned_data["flow"]
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"target": "other", "source": "other"})
        else:
            messages.success(request, _("The interaction is recorded."))
            return _interactions_response(request, process)
    return _interactions_response(request, process, form)


@login_required
@require_POST
def interaction_delete(request: HttpRequest, pk: int, interaction_pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    interaction = selectors.interaction_get(request.user, interaction_pk)
    services.interaction_remove(user=request.user, interaction=interaction)
    messages.success(request, _("The interaction is removed."))
    return _interactions_response(request, process)


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def process_sheet_data(request: HttpRequest, process: Process) -> dict[str, Any]:
    """What the Typst process sheet prints, labels translated in the active language."""
    interactions = list(selectors.interaction_list(request.user, process=process).order_by("pk"))
    revised = timezone.localtime(process.updated_at).date()
    return {
        "lang": (get_language() or "fr")[:2],
        "organisation": selectors.organisation_name(),
        "code": process.code,
        "name": process.name,
        "kind": process.get_kind_display(),
        "owner": process.owner.full_name if process.owner else "",
        "owner_title": process.owner.job_title if process.owner else "",
        "is_active": process.is_active,
        "type_line": _("Type: %(kind)s") % {"kind": process.get_kind_display()},
        "revised_line": _("Revision date: %(date)s") % {"date": date_format(revised, "SHORT_DATE_FORMAT")},
        "printed_on": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        "purpose": process.purpose,
        "inputs": _lines(process.inputs),
        "outputs": _lines(process.outputs),
        "resources": _lines(process.resources),
        "objectives": _lines(process.performance_objectives),
        "indicators": _lines(process.indicators),
        "upstream": [
            {"code": i.source.code, "name": i.source.name, "flow": i.flow}
            for i in interactions
            if i.target_id == process.pk
        ],
        "downstream": [
            {"code": i.target.code, "name": i.target.name, "flow": i.flow}
            for i in interactions
            if i.source_id == process.pk
        ],
        "labels": {
            "title": _("Process sheet"),
            "owner": _("Process owner"),
            "printed_on": _("Printed on"),
            "inactive": _("Inactive process"),
            "purpose": _("Purpose"),
            "inputs": _("Inputs"),
            "outputs": _("Outputs"),
            "resources": _("Resources"),
            "objectives": _("Performance objectives"),
            "indicators": _("Indicators"),
            "interactions": _("Interactions"),
            "upstream": _("Upstream (receives from)"),
            "downstream": _("Downstream (delivers to)"),
            "process": _("Process"),
            "flow": _("What flows"),
            "none": _("None recorded"),
            "empty": _("Not filled in yet."),
            "no_owner": _("No owner yet"),
            "page": _("Page"),
        },
    }


@login_required
def process_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_get(request.user, pk)
    pdf = render_pdf(REPORTS_DIR / "process_sheet.typ", process_sheet_data(request, process))
    response = HttpResponse(pdf, content_type="application/pdf")
    document = slugify(_("process sheet"))
    filename = f"{document}-{slugify(process.code)}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response

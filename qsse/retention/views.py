"""Pages of the retention app (GDPR). Thin: forms validate, services write, selectors read. Every
page is for the administrator and the QSSE manager only (403 for the other roles)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_filters import ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.registry import retention_providers

from . import report, selectors, services
from .choices import PurgeStatus
from .forms import InventoryNoteForm, RecordTypeForm, SubjectAccessForm
from .models import PurgeOperation, RecordType

TRACE_PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The retention schedule: per record type, the period, its legal basis, the end action and how
    many records are past retention today."""
    today = timezone.localdate()
    rows = selectors.schedule(request.user, today)
    return render(
        request,
        "retention/schedule.html",
        {
            "rows": rows,
            "today": today,
            "past_total": sum(row.past_count or 0 for row in rows),
            "to_verify_count": sum(1 for row in rows if row.record_type.to_verify),
            "can_edit": selectors.can_manage(request.user, Operation.EDIT),
        },
    )


def _record_type_form(request: HttpRequest, record_type: RecordType | None) -> HttpResponse:
    operation = Operation.EDIT if record_type else Operation.CREATE
    selectors.require_manager(request.user, operation)
    form = RecordTypeForm(request.POST or None, instance=record_type)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name]
            for name in form.fields
            if name in form.changed_data or not record_type
        }
        try:
            if record_type:
                services.record_type_update(user=request.user, record_type=record_type, **fields)
            else:
                record_type = services.record_type_create(user=request.user, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The record type is saved."))
            return redirect(record_type.get_absolute_url())
    title = _("Edit the record type") if record_type else _("New record type")
    return render(request, "retention/form.html", {"form": form, "title": title, "record_type": record_type})


@login_required
def record_type_create(request: HttpRequest) -> HttpResponse:
    return _record_type_form(request, None)


@login_required
def record_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_type_form(request, selectors.record_type_get(request.user, pk))


@login_required
@require_POST
def purge_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """Flag the records of one type now (as the daily task does) and open the confirmation."""
    record_type = selectors.record_type_get(request.user, pk)
    operation = services.purge_flag(record_type=record_type, user=request.user)
    if operation is None:
        messages.info(request, _("No record of this type is past its retention."))
        return redirect("retention:schedule")
    return redirect(operation.get_absolute_url())


@login_required
def purge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A flagged operation: what will happen to which records, to confirm; or the trace of a done
    one."""
    operation = selectors.purge_get(request.user, pk)
    count, preview = 0, []
    if operation.status == PurgeStatus.FLAGGED:
        count, preview = selectors.due_preview(operation, timezone.localdate())
    # The trace of a purge of 20,000 people who left: TRACE_PAGE_SIZE identifiers a page.
    trace_page = Paginator(operation.identifiers or [], TRACE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "retention/purge_detail.html",
        {
            "operation": operation,
            "provider": retention_providers.get(operation.provider_key),
            "count": count,
            "preview": preview,
            "trace_page": trace_page,
            "can_confirm": selectors.can_manage(request.user, Operation.DELETE),
        },
    )


@login_required
@require_POST
def purge_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    operation = selectors.purge_get(request.user, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the operation."))
        return redirect(operation.get_absolute_url())
    try:
        operation = services.purge_execute(user=request.user, operation=operation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s record processed (%(action)s); the operation is kept in the purge log.",
                "%(count)s records processed (%(action)s); the operation is kept in the purge log.",
                operation.executed_count,
            )
            % {"count": operation.executed_count, "action": operation.get_action_display()},
        )
    return redirect(operation.get_absolute_url())


@login_required
@require_POST
def purge_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    operation = selectors.purge_get(request.user, pk)
    try:
        services.purge_cancel(user=request.user, operation=operation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The operation is cancelled: the records are kept."))
    return redirect(operation.get_absolute_url())


class PurgeFilter(FilterSet):
    record_type = ModelChoiceFilter(label=gettext_lazy("Record type"), queryset=RecordType.objects.all())
    status = ChoiceFilter(
        label=gettext_lazy("Status"), choices=PurgeStatus.choices, empty_label=gettext_lazy("All")
    )

    class Meta:
        model = PurgeOperation
        fields = ["record_type", "status"]

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class PurgeLogView(LoginRequiredMixin, FilteredListView):
    """The purge log: every flagged, done or cancelled operation, newest first."""

    filterset_class = PurgeFilter
    title = gettext_lazy("Purge log")
    export_name = "purge-log"
    default_sort = "-created"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("created", gettext_lazy("Flagged on"), sort="created_at", value=lambda op: op.flagged_on),
        Column("record_type", gettext_lazy("Record type"), value=lambda op: op.record_type.name),
        Column("action", gettext_lazy("Operation"), sort="action"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("flagged_count", gettext_lazy("Records flagged"), sort="flagged_count"),
        Column("executed_count", gettext_lazy("Records processed"), sort="executed_count"),
        Column(
            "confirmed_by",
            gettext_lazy("By"),
            value=lambda op: op.confirmed_by.get_username() if op.confirmed_by_id else "",
        ),
        Column("executed_at", gettext_lazy("On"), sort="executed_at"),
    )

    def get_base_queryset(self):
        return selectors.purge_list(self.request.user)


def _inventory_context(user: Any) -> dict[str, Any]:
    return {"entries": selectors.inventory(user), "elsewhere": list(selectors.records_kept_elsewhere(user))}


@login_required
def inventory(request: HttpRequest) -> HttpResponse:
    """The personal data inventory: what, why, legal basis, who sees it, how long; PDF and Excel."""
    context = _inventory_context(request.user)
    export = request.GET.get("export")
    if export == "xlsx":
        return _download(
            report.inventory_excel(context["entries"], context["elsewhere"]),
            XLSX,
            "personal-data-inventory.xlsx",
        )
    if export == "pdf":
        from qsse.organization.models import Organization

        organisation = str(Organization.objects.first() or "")
        body = report.inventory_pdf(context["entries"], context["elsewhere"], organisation)
        return _download(body, "application/pdf", "personal-data-inventory.pdf")
    context["rows"] = [
        (entry, [(rt, report.period_text(rt)) for rt in entry.record_types]) for entry in context["entries"]
    ]
    context["elsewhere_rows"] = [(rt, report.period_text(rt)) for rt in context["elsewhere"]]
    context["can_edit"] = selectors.can_manage(request.user, Operation.EDIT)
    return render(request, "retention/inventory.html", context)


@login_required
def inventory_note(request: HttpRequest, key: str) -> HttpResponse:
    selectors.require_manager(request.user, Operation.EDIT)
    provider = retention_providers.get(key)
    if provider is None:
        from django.http import Http404

        raise Http404
    current = next(
        (entry.note for entry in selectors.inventory(request.user) if entry.provider.key == key), ""
    )
    form = InventoryNoteForm(request.POST or None, initial={"notes": current})
    if request.method == "POST" and form.is_valid():
        services.inventory_note_update(user=request.user, provider_key=key, notes=form.cleaned_data["notes"])
        messages.success(request, _("The notes are saved."))
        return redirect("retention:inventory")
    return render(
        request,
        "retention/form.html",
        {
            "form": form,
            "title": _("Notes: %(source)s") % {"source": provider.label},
            "back": "retention:inventory",
        },
    )


@login_required
def subject_access(request: HttpRequest) -> HttpResponse:
    """Export a person's data (GDPR art. 15): a ZIP with JSON and Excel, the request logged."""
    selectors.require_manager(request.user)
    form = SubjectAccessForm(request.POST or None, user=request.user)
    if request.method == "POST":
        selectors.require_manager(request.user, Operation.CREATE)
        if form.is_valid():
            access, sections = services.subject_access_record(user=request.user, **form.cleaned_data)
            return _download(
                report.subject_export(access, sections), "application/zip", f"{access.reference}.zip"
            )
    return render(
        request,
        "retention/subject_access.html",
        {"form": form, "requests": selectors.subject_request_list(request.user)[:50]},
    )

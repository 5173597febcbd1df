"""Pages of non-conformities, incidents and customer complaints. Thin: forms validate, services
write, selectors read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView, url_with_filters
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_person

from . import selectors, services
from .choices import NonconformityKind, NonconformityStatus
from .filters import NonconformityFilter
from .forms import (
    CloseForm,
    CorrectiveActionForm,
    EightDForm,
    IshikawaCauseForm,
    NonconformityForm,
    ReasonForm,
    RootCauseForm,
    why_formset,
)
from .models import EightDReport, IshikawaCause, Nonconformity, RootCause

EIGHT_D_TEMPLATE = Path(__file__).resolve().parent / "reports" / "eight_d.typ"
PIPELINE = (
    NonconformityStatus.OPEN,
    NonconformityStatus.ANALYSIS,
    NonconformityStatus.ACTION,
    NonconformityStatus.CLOSED,
)


def _money(row: Nonconformity):
    return row.cost_of_nonquality


class NonconformityListView(LoginRequiredMixin, FilteredListView):
    template_name = "nonconformities/nonconformity_list.html"
    title = gettext_lazy("Non-conformities and complaints")
    export_name = gettext_lazy("non-conformities")
    filterset_class = NonconformityFilter
    default_sort = "-detected_on"
    create_model = Nonconformity
    # The Pareto of the filtered set, loaded apart; the filters refresh the table and the Pareto
    # follows (out of band, then reloaded with the new filters).
    stats_url_name = "nonconformities:nonconformity_stats"
    table_template_name = "nonconformities/partials/_list_refresh.html"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("process", gettext_lazy("Process"), sort="process__code"),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("severity", gettext_lazy("Severity"), sort="severity"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("detected_on", gettext_lazy("Detected on"), sort="detected_on"),
        Column("owner", gettext_lazy("Handled by"), sort="owner__last_name"),
        Column("customer_name", gettext_lazy("Customer"), sort="customer_name"),
        Column("product", gettext_lazy("Part / product")),
        Column("lot", gettext_lazy("Lot")),
        Column("cost_of_nonquality", gettext_lazy("Cost (€)"), sort="cost_of_nonquality", value=_money),
    )

    def get_base_queryset(self):
        return selectors.nonconformity_list(self.request.user)


class NonconformityStatsView(NonconformityListView):
    """The Pareto and figures of the filtered records: the fragment the list page loads with htmx,
    or a page of its own (the list page links to it for browsers without JavaScript)."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = self.get_filterset()
        context = {
            "stats": selectors.nonconformity_stats(request.user, filterset.qs),
            "title": self.title,
            "list_url": url_with_filters(request, reverse("nonconformities:nonconformity_list")),
        }
        if request.htmx and not request.htmx.boosted:
            return render(request, "nonconformities/partials/_list_summary.html", context)
        return render(request, "nonconformities/nonconformity_stats.html", context)


def _get(request: HttpRequest, pk: int) -> Nonconformity:
    try:
        return selectors.nonconformity_get(request.user, pk)
    except Nonconformity.DoesNotExist as error:
        raise Http404 from error


def _require_edit(request: HttpRequest, nonconformity: Nonconformity) -> None:
    if not can(request.user, Operation.EDIT, nonconformity):
        raise PermissionDenied


def _pipeline(nonconformity: Nonconformity) -> list[tuple[str, str, str]]:
    """(value, label, state) for the status steps; state is done, current or todo."""
    if nonconformity.status == NonconformityStatus.CANCELLED:
        return [(s.value, s.label, "todo") for s in PIPELINE]
    current = PIPELINE.index(NonconformityStatus(nonconformity.status))
    return [
        (s.value, s.label, "done" if i < current else "current" if i == current else "todo")
        for i, s in enumerate(PIPELINE)
    ]


def _detail_context(request: HttpRequest, nonconformity: Nonconformity, **extra: Any) -> dict[str, Any]:
    user = request.user
    tree = selectors.ishikawa_tree(nonconformity)
    is_final = nonconformity.status in services.FINAL_STATUSES
    actions = selectors.nonconformity_actions(user, nonconformity)
    context = {
        "nc": nonconformity,
        "can_edit": not is_final and can(user, Operation.EDIT, nonconformity),
        "can_close": can(user, Operation.CLOSE, nonconformity),
        "is_final": is_final,
        "pipeline": _pipeline(nonconformity),
        "why_steps": list(nonconformity.why_steps.all()),
        "ishikawa_tree": tree,
        "ishikawa_count": sum(len(b.causes) + sum(len(s) for _, s in b.causes) for b in tree),
        "fishbone": selectors.fishbone(nonconformity, tree),
        "ishikawa_form": IshikawaCauseForm(nonconformity=nonconformity),
        "root_causes": list(nonconformity.root_causes.all()),
        "root_cause_form": RootCauseForm(),
        "other_actions": actions["other_actions"],
        "summary": actions["summary"],
        "closure_blockers": services.closure_blockers(nonconformity, actions["summary"]),
        "close_form": CloseForm(),
        "reason_form": ReasonForm(),
        "has_eight_d": hasattr(nonconformity, "eight_d"),
    }
    context.update(extra)
    return context


@login_required
def nonconformity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    return render(
        request, "nonconformities/nonconformity_detail.html", _detail_context(request, nonconformity)
    )


@login_required
def nonconformity_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, Nonconformity):
        raise PermissionDenied
    person = user_person(user)
    kind = request.GET.get("kind")
    initial = {
        "kind": kind if kind in NonconformityKind.values else NonconformityKind.NONCONFORMITY,
        "detected_on": timezone.localdate(),
        "detected_by": person,
        "site": person.site if person is not None else None,
    }
    form = NonconformityForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            nonconformity = services.nonconformity_create(
                user=user,
                kind=form.cleaned_data["kind"],
                title=data.pop("title"),
                site=data.pop("site"),
                detected_on=data.pop("detected_on"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("%(reference)s is recorded.") % {"reference": nonconformity.reference}
            )
            return redirect(nonconformity)
    return render(
        request,
        "nonconformities/nonconformity_form.html",
        {"form": form, "title": _("Report a non-conformity")},
    )


@login_required
def nonconformity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    _require_edit(request, nonconformity)
    form = NonconformityForm(request.POST or None, instance=nonconformity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.nonconformity_update(
                user=request.user, nonconformity=nonconformity, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(nonconformity)
    return render(
        request,
        "nonconformities/nonconformity_form.html",
        {
            "form": form,
            "nc": nonconformity,
            "title": _("Edit %(reference)s") % {"reference": nonconformity.reference},
        },
    )


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def nonconformity_close(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        services.nonconformity_close(
            user=request.user, nonconformity=nonconformity, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("%(reference)s is closed.") % {"reference": nonconformity.reference})
    return redirect(nonconformity)


@login_required
@require_POST
def nonconformity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    try:
        services.nonconformity_cancel(
            user=request.user, nonconformity=nonconformity, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("%(reference)s is cancelled.") % {"reference": nonconformity.reference})
    return redirect(nonconformity)


@login_required
@require_POST
def nonconformity_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    try:
        services.nonconformity_reopen(
            user=request.user, nonconformity=nonconformity, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("%(reference)s is reopened.") % {"reference": nonconformity.reference})
    return redirect(nonconformity)


@login_required
def nonconformity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) then delete (POST) a record entered by mistake; one with actions is refused
    (it must be cancelled instead) and stays as it was."""
    nonconformity = _get(request, pk)
    if not can(request.user, Operation.DELETE, nonconformity):
        raise PermissionDenied
    if request.method == "POST":
        reference = nonconformity.reference
        try:
            services.nonconformity_delete(user=request.user, nonconformity=nonconformity)
        except ValidationError as error:
            _flash_errors(request, error)
            return redirect(f"{nonconformity.get_absolute_url()}#closure")
        messages.success(request, _("%(reference)s is deleted.") % {"reference": reference})
        return redirect("nonconformities:nonconformity_list")
    return render(request, "nonconformities/nonconformity_confirm_delete.html", {"nc": nonconformity})


# --- 5 whys ------------------------------------------------------------------------------------


def _analysis_response(request: HttpRequest, pk: int, section: str, **extra: Any) -> HttpResponse:
    """After an htmx write: the section re-rendered, with the status and root causes out of band."""
    nonconformity = _get(request, pk)
    context = _detail_context(request, nonconformity, **extra)
    context["section"] = section
    response = render(request, "nonconformities/partials/_analysis_refresh.html", context)
    response["HX-Retarget"] = f"#{section}"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def why_steps_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    _require_edit(request, nonconformity)
    if request.method == "POST":
        formset = why_formset(nonconformity, request.POST)
        if formset.is_valid():
            try:
                services.why_steps_set(user=request.user, nonconformity=nonconformity, steps=formset.steps())
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                if request.htmx:
                    return _analysis_response(request, pk, "whys")
                messages.success(request, _("The 5 whys are saved."))
                return redirect(f"{nonconformity.get_absolute_url()}#whys")
    else:
        formset = why_formset(nonconformity)
    template = (
        "nonconformities/partials/_why_steps_form.html"
        if request.htmx
        else "nonconformities/why_steps_form.html"
    )
    return render(request, template, {"nc": nonconformity, "formset": formset})


@login_required
@require_POST
def why_retain(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    try:
        services.why_retain_last_answer(user=request.user, nonconformity=nonconformity)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The last answer is retained as a root cause."))
    return redirect(f"{nonconformity.get_absolute_url()}#root-causes")


# --- Ishikawa ----------------------------------------------------------------------------------


@login_required
@require_POST
def ishikawa_add(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    _require_edit(request, nonconformity)
    form = IshikawaCauseForm(request.POST, nonconformity=nonconformity)
    if form.is_valid():
        try:
            services.ishikawa_cause_add(user=request.user, nonconformity=nonconformity, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            form = None
    if request.htmx:
        extra = {"ishikawa_form": form} if form is not None else {}
        return _analysis_response(request, pk, "ishikawa", **extra)
    if form is not None:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{nonconformity.get_absolute_url()}#ishikawa")


def _cause(request: HttpRequest, pk: int, cause_pk: int) -> tuple[Nonconformity, IshikawaCause]:
    nonconformity = _get(request, pk)
    return nonconformity, get_object_or_404(IshikawaCause, pk=cause_pk, nonconformity=nonconformity)


@login_required
@require_POST
def ishikawa_remove(request: HttpRequest, pk: int, cause_pk: int) -> HttpResponse:
    nonconformity, cause = _cause(request, pk, cause_pk)
    try:
        services.ishikawa_cause_remove(user=request.user, cause=cause)
    except ValidationError as error:
        if request.htmx:
            return _analysis_response(request, pk, "ishikawa", ishikawa_errors=error.messages)
        _flash_errors(request, error)
    if request.htmx:
        return _analysis_response(request, pk, "ishikawa")
    return redirect(f"{nonconformity.get_absolute_url()}#ishikawa")


@login_required
@require_POST
def ishikawa_retain(request: HttpRequest, pk: int, cause_pk: int) -> HttpResponse:
    nonconformity, cause = _cause(request, pk, cause_pk)
    try:
        services.ishikawa_cause_set_retained(
            user=request.user, cause=cause, is_retained=request.POST.get("is_retained") == "1"
        )
    except ValidationError as error:
        if request.htmx:
            return _analysis_response(request, pk, "ishikawa", ishikawa_errors=error.messages)
        _flash_errors(request, error)
    if request.htmx:
        return _analysis_response(request, pk, "ishikawa")
    return redirect(f"{nonconformity.get_absolute_url()}#ishikawa")


@login_required
def fishbone_print(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    tree = selectors.ishikawa_tree(nonconformity)
    return render(
        request,
        "nonconformities/fishbone_print.html",
        {"nc": nonconformity, "ishikawa_tree": tree, "fishbone": selectors.fishbone(nonconformity, tree)},
    )


# --- Root causes and corrective actions -------------------------------------------------------


@login_required
@require_POST
def root_cause_add(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    form = RootCauseForm(request.POST)
    if form.is_valid():
        try:
            services.root_cause_add(user=request.user, nonconformity=nonconformity, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{nonconformity.get_absolute_url()}#root-causes")


@login_required
@require_POST
def root_cause_remove(request: HttpRequest, pk: int, root_cause_pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    root_cause = get_object_or_404(RootCause, pk=root_cause_pk, nonconformity=nonconformity)
    try:
        services.root_cause_remove(user=request.user, root_cause=root_cause)
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect(f"{nonconformity.get_absolute_url()}#root-causes")


@login_required
def root_cause_create_action(request: HttpRequest, pk: int, root_cause_pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    _require_edit(request, nonconformity)
    root_cause = get_object_or_404(RootCause, pk=root_cause_pk, nonconformity=nonconformity)
    form = CorrectiveActionForm(request.POST or None, user=request.user, prefix=f"rc{root_cause.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            action = services.root_cause_create_action(
                user=request.user, root_cause=root_cause, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Corrective action %(reference)s created.") % {"reference": action.reference}
            )
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = f"{nonconformity.get_absolute_url()}#root-causes"
                # The form sits on the record's page: when only the #fragment differs (after "retain
                # the last answer", the URL already ends in #root-causes) the redirect alone would not
                # reload the page, and the new action would stay unseen.
                response["HX-Refresh"] = "true"
                return response
            return redirect(f"{nonconformity.get_absolute_url()}#root-causes")
    template = (
        "nonconformities/partials/_action_form.html"
        if request.htmx
        else "nonconformities/root_cause_action_form.html"
    )
    return render(request, template, {"nc": nonconformity, "root_cause": root_cause, "form": form})


# --- 8D ----------------------------------------------------------------------------------------


@login_required
def eight_d_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    _require_edit(request, nonconformity)
    report = EightDReport.objects.filter(nonconformity=nonconformity).first()
    initial = None if report is not None else selectors.eight_d_prefill(request.user, nonconformity)
    form = EightDForm(request.POST or None, instance=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.eight_d_save(user=request.user, nonconformity=nonconformity, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The 8D report is saved."))
            return redirect(f"{nonconformity.get_absolute_url()}#eight-d")
    return render(
        request,
        "nonconformities/eight_d_form.html",
        {"nc": nonconformity, "form": form, "is_draft": report is None},
    )


@login_required
def eight_d_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    nonconformity = _get(request, pk)
    pdf = render_pdf(EIGHT_D_TEMPLATE, selectors.eight_d_report_data(request.user, nonconformity))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="8D-{nonconformity.reference}.pdf"'
    return response

"""Pages of the HAZOP module. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView, excel_response
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_person

from . import rating, report, selectors, services
from .choices import DeviationStatus, StudyStatus
from .filters import StudyFilter
from .forms import ActionForm, CloseForm, DeviationForm, GenerateForm, NodeForm, StudyForm
from .models import HazopNode, HazopStudy


class StudyListView(LoginRequiredMixin, FilteredListView):
    template_name = "hazop/study_list.html"
    title = gettext_lazy("HAZOP studies")
    export_name = gettext_lazy("HAZOP studies")
    filterset_class = StudyFilter
    default_sort = "reference"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("installation", gettext_lazy("Installation"), sort="installation"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("node_count", gettext_lazy("Nodes"), sort="node_count"),
        Column("deviation_count", gettext_lazy("Deviations"), sort="deviation_count"),
        Column("significant_count", pgettext_lazy("deviations", "Significant"), sort="significant_count"),
        Column("status", gettext_lazy("Status"), sort="status"),
    )

    def get_base_queryset(self):
        return selectors.study_list(self.request.user)

    create_model = HazopStudy


def _study(request: HttpRequest, pk: int) -> HazopStudy:
    try:
        return selectors.study_get(request.user, pk)
    except HazopStudy.DoesNotExist as error:
        raise Http404 from error


def _can_edit(request: HttpRequest, study: HazopStudy) -> bool:
    return can(request.user, Operation.EDIT, study) and study.status != StudyStatus.ARCHIVED


def _can_close(request: HttpRequest, study: HazopStudy) -> bool:
    return can(request.user, Operation.CLOSE, study) and study.status != StudyStatus.ARCHIVED


def _require_edit(request: HttpRequest, study: HazopStudy) -> None:
    if not _can_edit(request, study):
        raise PermissionDenied


@login_required
def study_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, HazopStudy):
        raise PermissionDenied
    person = user_person(user)
    form = StudyForm(
        request.POST or None, initial={"leader": person, "site": getattr(person, "site", None)}, user=user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = list(data.pop("team", []))
        try:
            study = services.study_create(user=user, team=team, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(study.get_absolute_url())
    return render(request, "hazop/study_form.html", {"form": form, "study": None})


@login_required
def study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    _require_edit(request, study)
    form = StudyForm(request.POST or None, instance=study, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = list(data.pop("team", []))
        try:
            services.study_update(user=request.user, study=_study(request, pk), team=team, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(study.get_absolute_url())
    return render(request, "hazop/study_form.html", {"form": form, "study": study})


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    sort = "score" if request.GET.get("sort") == "score" else "node"
    first_name, second_name = rating.axis_names()
    context = {
        "study": study,
        "team": list(study.team.all()),
        "nodes": selectors.study_nodes(study),
        "deviations": list(selectors.study_worksheet(study, sort)),
        "sort": sort,
        "can_edit": _can_edit(request, study),
        "can_close": _can_close(request, study),
        "worksheet_open": _can_edit(request, study) and study.status == StudyStatus.DRAFT,
        "node_form": NodeForm(),
        "generate_form": GenerateForm(),
        "heat_grid": selectors.study_heat_grid(study),
        "row_axis_name": first_name or _("Likelihood"),
        "col_axis_name": second_name or _("Severity"),
    }
    return render(request, "hazop/study_detail.html", context)


def _transition(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    study = _study(request, pk)
    if not can(request.user, Operation.CLOSE, study):
        raise PermissionDenied
    try:
        service(user=request.user, study=study)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(study.get_absolute_url())


@login_required
@require_POST
def study_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.study_complete, _("The HAZOP study is completed."))


@login_required
@require_POST
def study_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.study_reopen, _("The HAZOP study is back in progress."))


@login_required
@require_POST
def study_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.study_archive, _("The HAZOP study is archived."))


@login_required
@require_POST
def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    _require_edit(request, study)
    form = NodeForm(request.POST)
    if form.is_valid():
        try:
            services.node_add(user=request.user, study=study, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("The node was not added: give its name."))
    return redirect(study.get_absolute_url())


def _node(study: HazopStudy, node_pk: int) -> HazopNode:
    node = study.nodes.filter(pk=node_pk).first()
    if node is None:
        raise Http404
    return node


@login_required
def node_edit(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    study = _study(request, pk)
    _require_edit(request, study)
    node = _node(study, node_pk)
    form = NodeForm(request.POST or None, instance=node)
    if request.method == "POST" and form.is_valid():
        try:
            services.node_update(user=request.user, node=_node(study, node_pk), **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("The node “%(name)s” is saved.") % {"name": form.cleaned_data["name"]}
            )
            return redirect(study.get_absolute_url())
    return render(request, "hazop/node_form.html", {"form": form, "study": study, "node": node})


@login_required
@require_POST
def node_delete(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    study = _study(request, pk)
    _require_edit(request, study)
    node = _node(study, node_pk)
    name = node.name
    try:
        services.node_delete(user=request.user, node=node)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The node “%(name)s” is deleted.") % {"name": name})
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": study.get_absolute_url()})
    return redirect(study.get_absolute_url())


@login_required
@require_POST
def deviations_generate(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    study = _study(request, pk)
    _require_edit(request, study)
    node = study.nodes.filter(pk=node_pk).first()
    if node is None:
        raise Http404
    form = GenerateForm(request.POST)
    if form.is_valid():
        created = services.deviations_generate(user=request.user, node=node, **form.cleaned_data)
        messages.success(request, _("%(count)s deviations added to the worksheet.") % {"count": len(created)})
    else:
        messages.error(request, _("Tick at least one parameter and one guide word."))
    return redirect(study.get_absolute_url())


def _deviation(request: HttpRequest, pk: int):
    try:
        return selectors.deviation_get(request.user, pk)
    except ObjectDoesNotExist as error:
        raise Http404 from error


@login_required
def deviation_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One worksheet row (htmx): shown, or as an inline form (?edit=1), saved by POST."""
    deviation = _deviation(request, pk)
    study = deviation.node.study
    can_edit = (
        _can_edit(request, study)
        and can(request.user, Operation.EDIT, deviation)
        and deviation.status != DeviationStatus.CLOSED
    )
    can_close = can_edit and can(request.user, Operation.CLOSE, deviation)
    context: dict[str, Any] = {
        "deviation": deviation,
        "can_edit": can_edit,
        "can_close": can_close,
        "study": study,
    }
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = DeviationForm(request.POST, instance=deviation, user=request.user)
        if form.is_valid():
            try:
                deviation = services.deviation_update(
                    user=request.user, deviation=deviation, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if not request.htmx:
                    return redirect(deviation.get_absolute_url())
                context["deviation"] = deviation
                return render(request, "hazop/partials/_deviation_row.html", context)
        context["form"] = form
        return render(request, "hazop/partials/_deviation_form_row.html", context, status=400)
    if request.GET.get("edit") and can_edit:
        context["form"] = DeviationForm(instance=deviation, user=request.user)
        context["action_form"] = ActionForm(user=request.user)
        return render(request, "hazop/partials/_deviation_form_row.html", context)
    return render(request, "hazop/partials/_deviation_row.html", context)


@login_required
@require_POST
def deviation_action(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = _deviation(request, pk)
    _require_edit(request, deviation.node.study)
    form = ActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            deviation = services.deviation_create_action(
                user=request.user, deviation=deviation, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Action %(reference)s created.") % {"reference": deviation.action.reference}
            )
    else:
        messages.error(request, _("Choose the owner and the due date of the action."))
    return redirect(deviation.get_absolute_url())


@login_required
@require_POST
def deviation_close(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = _deviation(request, pk)
    if not can(request.user, Operation.CLOSE, deviation):
        raise PermissionDenied
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        services.deviation_close(
            user=request.user, deviation=deviation, justification=form.cleaned_data.get("justification", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The deviation “%(text)s” is closed.") % {"text": deviation.text})
    return redirect(deviation.get_absolute_url())


def _worksheet_columns() -> tuple[Column, ...]:
    return (
        Column("node.number", gettext_lazy("Node no.")),
        Column("node.name", gettext_lazy("Node")),
        Column("parameter", gettext_lazy("Parameter"), value=lambda d: d.get_parameter_display()),
        Column("guide_word", gettext_lazy("Guide word"), value=lambda d: d.get_guide_word_display()),
        Column("text", gettext_lazy("Deviation")),
        Column("causes", gettext_lazy("Causes")),
        Column("consequences", gettext_lazy("Consequences")),
        Column("safeguards", gettext_lazy("Safeguards")),
        Column("likelihood", gettext_lazy("Likelihood")),
        Column("severity", gettext_lazy("Severity")),
        Column("score", gettext_lazy("Score")),
        Column("level_name", gettext_lazy("Level")),
        Column("justification", gettext_lazy("Justification")),
        Column("recommendation", gettext_lazy("Recommendation")),
        Column("responsible", gettext_lazy("Responsible")),
        Column("action.reference", gettext_lazy("Action")),
        Column("status", gettext_lazy("Status"), value=lambda d: d.get_status_display()),
    )


@login_required
def worksheet_export(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return excel_response(list(selectors.study_worksheet(study)), _worksheet_columns(), _("HAZOP worksheet"))


@login_required
def worksheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The worksheet as a PDF, in French (default) or English (``?lang=en``)."""
    study = _study(request, pk)
    language = request.GET.get("lang", "fr")
    if language not in report.LANGUAGES:
        language = "fr"
    pdf = render_pdf(report.TEMPLATE, report.worksheet_data(study, language))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{study.reference}-{language}.pdf"'
    return response

"""Pages of the analysis toolbox. Thin: forms validate, services write, selectors and tools read."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from qsse.actions import selectors as action_selectors
from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.permissions import can
from qsse.core.registry import analysis_sources

from . import charts, decisions, frames, selectors, services
from .choices import DecisionKind, ToolKind
from .forms import (
    MATRIX_CRITERIA,
    TOOL_FORMS,
    AnalysisActionForm,
    CostBenefitForm,
    DatasetEditForm,
    DatasetImportForm,
    DatasetUploadForm,
    DecisionStudyForm,
    RelationsForm,
    SaveAnalysisForm,
    TreeForm,
    matrix_data_from_post,
    matrix_grid,
)
from .models import Analysis, Dataset, DecisionStudy
from .tools import run_tool

# URL slugs of the tools (the API uses the same).
TOOL_SLUGS = {
    "pivot": ToolKind.PIVOT,
    "pareto": ToolKind.PARETO,
    "descriptive": ToolKind.DESCRIPTIVE,
    "control-chart": ToolKind.CONTROL_CHART,
    "capability": ToolKind.CAPABILITY,
}
SLUG_OF_TOOL = {tool: slug for slug, tool in TOOL_SLUGS.items()}


def _dataset(request: HttpRequest, pk: int) -> Dataset:
    try:
        return selectors.dataset_get(request.user, pk)
    except Dataset.DoesNotExist as error:
        raise Http404 from error


# --- Datasets ----------------------------------------------------------------------------------------


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    paginator = Paginator(selectors.dataset_list(user), 25)
    page = paginator.get_page(request.GET.get("page"))
    can_create = can(user, Operation.CREATE, Dataset)
    return render(
        request,
        "analysis/dataset_list.html",
        {
            "page_obj": page,
            "datasets": page.object_list,
            "can_create": can_create,
            "upload_form": DatasetUploadForm(user=user) if can_create else None,
            "import_form": DatasetImportForm(user=user) if can_create and analysis_sources else None,
            "tool_slugs": SLUG_OF_TOOL,
        },
    )


@login_required
def dataset_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, Dataset):
        raise PermissionDenied
    form = DatasetUploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.dataset_upload(
                user=user,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                site=form.cleaned_data["site"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Dataset “%(name)s” created: %(rows)s rows.")
                % {"name": dataset.name, "rows": dataset.row_count},
            )
            return redirect(dataset)
    return render(request, "analysis/dataset_upload.html", {"form": form})


@login_required
@require_POST
def dataset_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, Dataset):
        raise PermissionDenied
    form = DatasetImportForm(request.POST, user=user)
    if form.is_valid():
        try:
            dataset = services.dataset_from_source(
                user=user,
                source_key=form.cleaned_data["source_key"],
                name=form.cleaned_data["name"],
                site=form.cleaned_data["site"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Dataset “%(name)s” created: %(rows)s rows.")
                % {"name": dataset.name, "rows": dataset.row_count},
            )
            return redirect(dataset)
    else:
        messages.error(request, _("Choose a data source."))
    return redirect("analysis:dataset_list")


@login_required
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset(request, pk)
    lf, schema = selectors.dataset_frame(dataset)
    try:
        headers, rows = frames.preview(lf)
        summaries = frames.column_summaries(lf, schema)
        missing = False
    except FileNotFoundError:
        headers, rows, summaries, missing = [], [], [], True
    return render(
        request,
        "analysis/dataset_detail.html",
        {
            "dataset": dataset,
            "headers": headers,
            "rows": rows,
            "summaries": summaries,
            "missing_file": missing,
            "analyses": selectors.analysis_list(request.user, dataset)[:50],
            "tools": [(slug, ToolKind(tool).label) for slug, tool in TOOL_SLUGS.items()],
            "can_delete": can(request.user, Operation.DELETE, dataset),
            "can_edit": can(request.user, Operation.EDIT, dataset),
            "source_label": analysis_sources[dataset.source_key].label
            if dataset.source_key in analysis_sources
            else dataset.source_key,
        },
    )


@login_required
def dataset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset(request, pk)
    if not can(request.user, Operation.EDIT, dataset):
        raise PermissionDenied
    form = DatasetEditForm(
        request.POST or None, initial={"name": dataset.name, "description": dataset.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dataset_update(user=request.user, dataset=dataset, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(dataset)
    return render(request, "analysis/dataset_form.html", {"dataset": dataset, "form": form})


@login_required
def dataset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset(request, pk)
    if not can(request.user, Operation.DELETE, dataset):
        raise PermissionDenied
    if request.method == "POST":
        services.dataset_delete(user=request.user, dataset=dataset)
        messages.success(request, _("Dataset “%(name)s” deleted.") % {"name": dataset.name})
        return redirect("analysis:dataset_list")
    return render(request, "analysis/dataset_confirm_delete.html", {"dataset": dataset})


@login_required
def tool_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """The menu entry of a tool: the datasets to run it on."""
    tool = TOOL_SLUGS.get(slug)
    if tool is None:
        raise Http404
    datasets = selectors.dataset_list(request.user)[:100]
    return render(
        request,
        "analysis/tool_pick.html",
        {
            "tool_label": ToolKind(tool).label,
            "slug": slug,
            "datasets": datasets,
            "can_create": can(request.user, Operation.CREATE, Dataset),
        },
    )


# --- Tools ---------------------------------------------------------------------------------------------


def _result_template(tool: str) -> str:
    return f"analysis/partials/_result_{tool}.html"


def _tool_context(request: HttpRequest, dataset: Dataset, tool: str, data: Any) -> dict[str, Any]:
    form_class = TOOL_FORMS[tool]
    form = (
        form_class(data, columns=dataset.columns) if data is not None else form_class(columns=dataset.columns)
    )
    result = None
    if data is not None and form.is_valid():
        try:
            result = run_tool(dataset, tool, form.to_parameters())
        except ValidationError as error:
            apply_service_errors(form, error)
    return {
        "dataset": dataset,
        "tool": tool,
        "slug": SLUG_OF_TOOL[tool],
        "tool_label": ToolKind(tool).label,
        "form": form,
        "result": result,
        "result_template": _result_template(tool),
        "save_form": SaveAnalysisForm(initial={"parameters": form.parameters_json()})
        if result is not None
        else None,
        "can_save": can(request.user, Operation.CREATE, Analysis, site_id=dataset.site_id),
        "query": request.GET.urlencode(),
    }


@login_required
def tool_run(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """The tool's page; with ``run`` in the query (the form's submit, by htmx or not) the result too."""
    tool = TOOL_SLUGS.get(slug)
    if tool is None:
        raise Http404
    dataset = _dataset(request, pk)
    data = request.GET if "run" in request.GET else None
    context = _tool_context(request, dataset, tool, data)
    if request.htmx and not request.htmx.boosted:
        return render(request, "analysis/partials/_tool_result.html", context)
    return render(request, "analysis/tool.html", context)


@login_required
def pivot_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The pivot table of the query's parameters as an Excel workbook."""
    dataset = _dataset(request, pk)
    form = TOOL_FORMS[ToolKind.PIVOT](request.GET, columns=dataset.columns)
    if not form.is_valid():
        raise Http404
    try:
        result = run_tool(dataset, ToolKind.PIVOT, form.to_parameters())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(
            reverse("analysis:tool_run", args=[dataset.pk, "pivot"]) + "?" + request.GET.urlencode()
        )
    return _pivot_workbook(result, dataset.name)


def _pivot_workbook(result: Any, name: str) -> HttpResponse:
    table = result.table
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Pivot table"))[:31]
    bold = Font(bold=True)
    sheet.append([str(result.measure_label)])
    header = (
        [*table.row_columns, *table.column_labels, str(_("Total"))]
        if table.column_column
        else [
            *table.row_columns,
            str(result.measure_label),
        ]
    )
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = bold
    for row in table.rows:
        cells = list(row.cells) + [row.total] if table.column_column else [row.total]
        sheet.append([*row.labels, *cells])
    total_row = [str(_("Total"))] + [""] * (len(table.row_columns) - 1)
    if table.column_column:
        total_row += [*table.column_totals, table.grand_total]
    else:
        total_row += [table.grand_total]
    sheet.append(total_row)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{slugify(name) or 'pivot'}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def analysis_save(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    tool = TOOL_SLUGS.get(slug)
    if tool is None:
        raise Http404
    dataset = _dataset(request, pk)
    if not can(request.user, Operation.CREATE, Analysis, site_id=dataset.site_id):
        raise PermissionDenied
    form = SaveAnalysisForm(request.POST)
    if form.is_valid():
        try:
            analysis = services.analysis_save(
                user=request.user,
                dataset=dataset,
                tool=tool,
                title=form.cleaned_data["title"],
                parameters=form.cleaned_data["parameters"],
                related_reference=form.cleaned_data["related_reference"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Analysis “%(title)s” saved.") % {"title": analysis.title})
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = analysis.get_absolute_url()
                return response
            return redirect(analysis)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("analysis:tool_run", args=[dataset.pk, slug]))


# --- Saved analyses ----------------------------------------------------------------------------------


def _analysis(request: HttpRequest, pk: int) -> Analysis:
    try:
        return selectors.analysis_get(request.user, pk)
    except Analysis.DoesNotExist as error:
        raise Http404 from error


@login_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.analysis_list(request.user), 25)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "analysis/analysis_list.html", {"page_obj": page, "analyses": page.object_list})


@login_required
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(request, pk)
    form_class = TOOL_FORMS[analysis.tool]
    result, error_messages = None, []
    try:
        result = run_tool(analysis.dataset, analysis.tool, analysis.parameters)
    except ValidationError as error:
        error_messages = error.messages
    query = form_class.data_from_parameters(analysis.parameters)
    from django.http import QueryDict

    querydict = QueryDict(mutable=True)
    for key, value in query.items():
        if isinstance(value, list):
            querydict.setlist(key, value)
        else:
            querydict[key] = value
    querydict["run"] = "1"
    return render(
        request,
        "analysis/analysis_detail.html",
        {
            "analysis": analysis,
            "dataset": analysis.dataset,
            "tool": analysis.tool,
            "result": result,
            "result_template": _result_template(analysis.tool),
            "error_messages": error_messages,
            "open_url": reverse("analysis:tool_run", args=[analysis.dataset_id, SLUG_OF_TOOL[analysis.tool]])
            + "?"
            + querydict.urlencode(),
            "query": querydict.urlencode(),
            "slug": SLUG_OF_TOOL[analysis.tool],
            "actions": action_selectors.actions_for_origin(request.user, analysis),
            "action_form": AnalysisActionForm(user=request.user),
            "can_create_action": can(
                request.user, Operation.CREATE, _action_model(), site_id=analysis.dataset.site_id
            ),
            "can_delete": can(request.user, Operation.DELETE, analysis),
        },
    )


def _action_model():
    from qsse.actions.models import Action

    return Action


@login_required
def analysis_create_action(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(request, pk)
    if not can(request.user, Operation.CREATE, _action_model(), site_id=analysis.dataset.site_id):
        raise PermissionDenied
    form = AnalysisActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.analysis_create_action(
                user=request.user, analysis=analysis, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s created.") % {"reference": action.reference})
            return redirect(analysis)
    return render(request, "analysis/analysis_action_form.html", {"analysis": analysis, "form": form})


@login_required
def analysis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(request, pk)
    if not can(request.user, Operation.DELETE, analysis):
        raise PermissionDenied
    if request.method == "POST":
        dataset = analysis.dataset
        services.analysis_delete(user=request.user, analysis=analysis)
        messages.success(request, _("Analysis “%(title)s” deleted.") % {"title": analysis.title})
        return redirect(dataset)
    return render(
        request,
        "analysis/confirm_delete.html",
        {"object": analysis, "cancel_url": analysis.get_absolute_url()},
    )


# --- Decision tools --------------------------------------------------------------------------------------


def _study(request: HttpRequest, pk: int) -> DecisionStudy:
    try:
        return selectors.decision_study_get(request.user, pk)
    except DecisionStudy.DoesNotExist as error:
        raise Http404 from error


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.decision_study_list(request.user), 25)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "analysis/decision_list.html",
        {
            "page_obj": page,
            "studies": page.object_list,
            "kinds": DecisionKind.choices,
            "can_create": can(request.user, Operation.CREATE, DecisionStudy),
        },
    )


DATA_FORMS = {
    DecisionKind.COST_BENEFIT: CostBenefitForm,
    DecisionKind.RELATIONS: RelationsForm,
    DecisionKind.TREE: TreeForm,
}


def _decision_form_response(
    request: HttpRequest, kind: str, study: DecisionStudy | None = None
) -> HttpResponse:
    user = request.user
    editing = study is not None
    post = request.POST if request.method == "POST" else None
    initial = {"title": study.title, "related_reference": study.related_reference} if study else {}
    form = DecisionStudyForm(post, user=user, kind=kind, editing=editing, initial=initial)
    data_form = None
    if kind in DATA_FORMS:
        form_class = DATA_FORMS[kind]
        data_form = form_class(post, initial=form_class.initial_from(study.data) if study else None)
    grid = matrix_grid(study.data if study else None, post) if kind == DecisionKind.MATRIX else None
    if post is not None and form.is_valid() and (data_form is None or data_form.is_valid()):
        try:
            data = data_form.to_data() if data_form is not None else matrix_data_from_post(post)
            if study is None:
                study = services.decision_study_create(
                    user=user,
                    kind=kind,
                    title=form.cleaned_data["title"],
                    data=data,
                    related_reference=form.cleaned_data["related_reference"],
                    site=form.cleaned_data.get("site"),
                )
            else:
                services.decision_study_update(
                    user=user,
                    study=study,
                    title=form.cleaned_data["title"],
                    data=data,
                    related_reference=form.cleaned_data["related_reference"],
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Study “%(title)s” saved.") % {"title": study.title})
            return redirect(study)
    return render(
        request,
        "analysis/decision_form.html",
        {
            "form": form,
            "data_form": data_form,
            "grid": grid,
            "kind": kind,
            "kind_label": DecisionKind(kind).label,
            "study": study,
            "criteria_range": range(MATRIX_CRITERIA),
        },
    )


@login_required
def decision_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in DecisionKind.values:
        raise Http404
    if not can(request.user, Operation.CREATE, DecisionStudy):
        raise PermissionDenied
    return _decision_form_response(request, kind)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    if not can(request.user, Operation.EDIT, study):
        raise PermissionDenied
    return _decision_form_response(request, study.kind, study)


def decision_figures(study: DecisionStudy) -> dict[str, Any]:
    """What the study page shows: the ranking, the payback, the drivers and outcomes, the chart."""
    data = study.data
    if study.kind == DecisionKind.MATRIX:
        ranking = decisions.matrix_ranking(data)
        return {
            "ranking": ranking,
            "chart": charts.bar_chart(
                [row.option for row in ranking],
                [row.weighted_total for row in ranking],
                value_label=_("Weighted total"),
            ),
        }
    if study.kind == DecisionKind.COST_BENEFIT:
        return {"cost_benefit": decisions.cost_benefit_figures(data)}
    if study.kind == DecisionKind.RELATIONS:
        items = decisions.relations_summary(data)
        return {"relations": items, "chart": charts.relations_graph(items, data["links"])}
    return {"chart": charts.tree_chart(data), "outline": decisions.outline_from_tree(data)}


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return render(
        request,
        "analysis/decision_detail.html",
        {
            "study": study,
            "figures": decision_figures(study),
            "can_edit": can(request.user, Operation.EDIT, study),
            "can_delete": can(request.user, Operation.DELETE, study),
            "data_json": json.dumps(study.data, ensure_ascii=False),
        },
    )


@login_required
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    if not can(request.user, Operation.DELETE, study):
        raise PermissionDenied
    if request.method == "POST":
        services.decision_study_delete(user=request.user, study=study)
        messages.success(request, _("Study “%(title)s” deleted.") % {"title": study.title})
        return redirect("analysis:decision_list")
    return render(
        request, "analysis/confirm_delete.html", {"object": study, "cancel_url": study.get_absolute_url()}
    )

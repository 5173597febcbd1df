"""Pages of the context module. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import calculations, selectors, services
from .choices import AnalysisKind, Quadrant, RiskKind
from .filters import PartyFilter, RiskFilter
from .forms import (
    AnalysisForm,
    ItemForm,
    MatrixForm,
    PartyForm,
    RiskForm,
    SummaryForm,
    TreatmentActionForm,
    apply_service_errors,
)
from .models import (
    ContextAnalysis,
    ContextItem,
    ContextSummary,
    CriticalityMatrix,
    InterestedParty,
    RiskOpportunity,
)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _require(request: HttpRequest, operation: str, obj: Any, **kwargs: Any) -> None:
    if not can(request.user, operation, obj, **kwargs):
        raise PermissionDenied


# --- SWOT and PESTEL ---------------------------------------------------------------------------


@login_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    analyses = selectors.analysis_list(request.user)
    return render(
        request,
        "context/analysis_list.html",
        {
            "swot": [a for a in analyses if a.kind == AnalysisKind.SWOT],
            "pestel": [a for a in analyses if a.kind == AnalysisKind.PESTEL],
            "can_create": can(request.user, Operation.CREATE, ContextAnalysis),
        },
    )


@login_required
def analysis_create(request: HttpRequest) -> HttpResponse:
    _require(request, Operation.CREATE, ContextAnalysis)
    kind = request.GET.get("kind")
    initial = {
        "kind": kind if kind in AnalysisKind.values else AnalysisKind.SWOT,
        "analysed_on": timezone.localdate(),
    }
    form = AnalysisForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.analysis_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The analysis is created: add its items."))
            return redirect(analysis)
    return render(request, "context/analysis_form.html", {"form": form, "title": _("New context analysis")})


@login_required
def analysis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    _require(request, Operation.EDIT, analysis)
    form = AnalysisForm(request.POST or None, instance=analysis, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_update(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(analysis)
    return render(
        request,
        "context/analysis_form.html",
        {"form": form, "analysis": analysis, "title": _("Edit %(analysis)s") % {"analysis": analysis}},
    )


def _analysis_context(request: HttpRequest, analysis: ContextAnalysis) -> dict[str, Any]:
    can_edit = not analysis.is_approved and can(request.user, Operation.EDIT, analysis)
    return {
        "analysis": analysis,
        "blocks": selectors.analysis_blocks(analysis),
        "can_edit": can_edit,
        "can_approve": not analysis.is_approved and can(request.user, Operation.CLOSE, analysis),
        "can_version": analysis.is_approved and can(request.user, Operation.CREATE, ContextAnalysis),
        "next_version": selectors.analysis_next_version(analysis),
    }


@login_required
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    return render(request, "context/analysis_detail.html", _analysis_context(request, analysis))


def _block_response(request: HttpRequest, analysis_pk: int, category: str, **extra: Any) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, analysis_pk)
    context = _analysis_context(request, analysis)
    block = next(block for block in context["blocks"] if block.key == category)
    context.update({"block": block, **extra})
    return render(request, "context/partials/_block.html", context)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    _require(request, Operation.EDIT, analysis)
    form = ItemForm(request.POST, kind=analysis.kind)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.analysis_item_add(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    category = request.POST.get("category", "")
    if request.htmx and category in {block.key for block in selectors.analysis_blocks(analysis)}:
        return _block_response(request, pk, category, block_errors=errors)
    for message in errors:
        messages.error(request, message)
    return redirect(analysis)


def _item(request: HttpRequest, pk: int, item_pk: int) -> tuple[ContextAnalysis, ContextItem]:
    analysis = selectors.analysis_get(request.user, pk)
    return analysis, get_object_or_404(ContextItem, pk=item_pk, analysis=analysis)


@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    analysis, item = _item(request, pk, item_pk)
    _require(request, Operation.EDIT, analysis)
    form = ItemForm(
        request.POST or None,
        kind=analysis.kind,
        initial={"category": item.category, "text": item.text, "importance": item.importance},
        prefix=f"item{item.pk}",
    )
    if request.method == "POST" and form.is_valid():
        old_category = item.category
        try:
            services.analysis_item_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.htmx and old_category == item.category:
                return _block_response(request, pk, item.category)
            return _htmx_reload(request, analysis)
    template = "context/partials/_item_form.html" if request.htmx else "context/item_form.html"
    return render(request, template, {"analysis": analysis, "item": item, "form": form})


def _htmx_reload(request: HttpRequest, target: Any) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target.get_absolute_url()
        return response
    return redirect(target)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    analysis, item = _item(request, pk, item_pk)
    category = item.category
    errors: list[str] = []
    try:
        services.analysis_item_delete(user=request.user, item=item)
    except ValidationError as error:
        errors = error.messages
    if request.htmx:
        return _block_response(request, pk, category, block_errors=errors)
    for message in errors:
        messages.error(request, message)
    return redirect(analysis)


@login_required
@require_POST
def analysis_approve(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    try:
        services.analysis_approve(user=request.user, analysis=analysis)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The analysis is approved; it can no longer change."))
    return redirect(analysis)


@login_required
@require_POST
def analysis_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    try:
        new = services.analysis_new_version(user=request.user, analysis=analysis)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect(analysis)
    messages.success(
        request,
        _("Version %(version)s is created as a draft, with the items of the previous one.")
        % {"version": new.version},
    )
    return redirect(new)


# --- Interested parties ------------------------------------------------------------------------


def _party_processes(row: InterestedParty) -> str:
    return ", ".join(process.code for process in row.processes.all())


def _party_quadrant(row: InterestedParty) -> str:
    return str(Quadrant(calculations.power_interest_quadrant(row.influence, row.interest)).label)


class PartyListView(LoginRequiredMixin, FilteredListView):
    template_name = "context/party_list.html"
    title = gettext_lazy("Interested parties")
    export_name = gettext_lazy("interested parties")
    filterset_class = PartyFilter
    default_sort = "category"
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column(
            "expectations", gettext_lazy("Needs and expectations"), value=lambda r: r.expectations or r.needs
        ),
        Column("influence", gettext_lazy("Influence"), sort="influence"),
        Column("interest", gettext_lazy("Interest"), sort="interest"),
        Column("quadrant", gettext_lazy("Strategy"), value=_party_quadrant),
        Column(
            "is_relevant", gettext_lazy("Relevant"), value=lambda r: _("yes") if r.is_relevant else _("no")
        ),
        Column("processes", gettext_lazy("Processes"), value=_party_processes),
        Column("review_on", gettext_lazy("Next review"), sort="review_on"),
    )

    def get_base_queryset(self):
        return selectors.party_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, InterestedParty)
        return context


@login_required
def party_create(request: HttpRequest) -> HttpResponse:
    _require(request, Operation.CREATE, InterestedParty)
    form = PartyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            party = services.party_create(
                user=request.user, name=data.pop("name"), category=data.pop("category"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is recorded.") % {"name": party.name})
            return redirect("context:party_list")
    return render(request, "context/party_form.html", {"form": form, "title": _("New interested party")})


@login_required
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(request.user, pk)
    can_edit = can(request.user, Operation.EDIT, party)
    form = PartyForm(request.POST or None, instance=party, user=request.user)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        _require(request, Operation.EDIT, party)
        if form.is_valid():
            try:
                services.party_update(user=request.user, party=party, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("context:party_list")
    return render(
        request,
        "context/party_form.html",
        {"form": form, "party": party, "can_edit": can_edit, "title": party.name},
    )


@login_required
@require_POST
def party_delete(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(request.user, pk)
    services.party_delete(user=request.user, party=party)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": party.name})
    return redirect("context:party_list")


@login_required
def party_grid(request: HttpRequest) -> HttpResponse:
    grid = selectors.party_grid(request.user)
    # Drawn as Mendelow's grid: influence up, interest to the right.
    boxes = [
        [
            (Quadrant.KEEP_SATISFIED, grid[Quadrant.KEEP_SATISFIED]),
            (Quadrant.MANAGE_CLOSELY, grid[Quadrant.MANAGE_CLOSELY]),
        ],
        [(Quadrant.MONITOR, grid[Quadrant.MONITOR]), (Quadrant.KEEP_INFORMED, grid[Quadrant.KEEP_INFORMED])],
    ]
    return render(
        request,
        "context/party_grid.html",
        {"boxes": boxes, "counts": selectors.party_counts_by_category(request.user)},
    )


# --- Context summary ---------------------------------------------------------------------------


@login_required
def summary_view(request: HttpRequest) -> HttpResponse:
    summaries = selectors.summary_list(request.user)
    organisation = next((s for s in summaries if s.site_id is None), None)
    by_site = {s.site_id: s for s in summaries if s.site_id}
    sites = [(site, by_site.get(site.pk)) for site in organization_selectors.site_list(request.user)]
    return render(
        request,
        "context/summary.html",
        {
            "organisation": organisation,
            "sites": sites,
            "can_edit": can(request.user, Operation.EDIT, ContextSummary),
        },
    )


@login_required
def summary_edit(request: HttpRequest) -> HttpResponse:
    site = None
    if request.GET.get("site"):
        site = get_object_or_404(organization_selectors.site_list(request.user), pk=request.GET["site"])
    summary = ContextSummary.objects.filter(site=site).first()
    if summary is None:
        _require(request, Operation.CREATE, ContextSummary, site_id=getattr(site, "pk", None))
    else:
        _require(request, Operation.EDIT, summary)
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_save(user=request.user, site=site, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The context summary is saved."))
            return redirect("context:summary")
    return render(request, "context/summary_form.html", {"form": form, "site": site})


# --- Criticality matrix ------------------------------------------------------------------------


@login_required
def matrix_list(request: HttpRequest) -> HttpResponse:
    matrices = selectors.matrix_list(request.user)
    rows = []
    for matrix in matrices:
        levels = services.matrix_levels(matrix)
        grid = calculations.matrix_cells(matrix.rows, matrix.cols, levels)
        rows.append(
            {
                "matrix": matrix,
                "grid_rows": [(matrix.row_label(line[0].probability), line) for line in grid],
                "col_labels": [matrix.col_label(i) for i in range(1, matrix.cols + 1)],
                "levels": [(level, calculations.readable_text_colour(level.colour)) for level in levels],
            }
        )
    return render(
        request,
        "context/matrix_list.html",
        {"matrices": rows, "can_create": can(request.user, Operation.CREATE, CriticalityMatrix)},
    )


def _preview_context(form: MatrixForm) -> dict[str, Any]:
    """The grid the form's values would give, or the problems that prevent it."""
    if not form.is_valid():
        return {"preview_problems": [], "preview_grid": None}
    data = form.service_fields()
    problems = services.matrix_problems(rows=data["rows"], cols=data["cols"], levels=data["levels"])
    levels = services.level_values(data["levels"])
    grid = calculations.matrix_cells(data["rows"], data["cols"], levels) if not problems else None
    row_labels = [line.strip() for line in data["row_labels"]]
    col_labels = [line.strip() for line in data["col_labels"]]

    def label(labels: list[str], value: int) -> str:
        return labels[value - 1] if value <= len(labels) and labels[value - 1] else str(value)

    return {
        "preview_problems": problems,
        "preview_grid": grid,
        "preview_levels": [
            (
                level,
                calculations.readable_text_colour(level.colour)
                if calculations.HEX_COLOUR.match(level.colour)
                else "#000000",
            )
            for level in levels
        ],
        "preview_row_axis": data["row_axis_name"],
        "preview_col_axis": data["col_axis_name"],
        "preview_rows": [(label(row_labels, line[0].probability), line) for line in grid] if grid else [],
        "preview_col_labels": [label(col_labels, i) for i in range(1, data["cols"] + 1)],
    }


def _matrix_form_page(request: HttpRequest, matrix: CriticalityMatrix | None) -> HttpResponse:
    if matrix is None:
        _require(request, Operation.CREATE, CriticalityMatrix)
        initial = {
            "name": "Probabilité × Gravité",
            "level_1_name": "Faible",
            "level_1_min_score": 1,
            "level_1_colour": "#2e7d32",
        }
    else:
        _require(request, Operation.EDIT, matrix)
        initial = MatrixForm.initial_for(matrix)
    form = MatrixForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.matrix_save(user=request.user, matrix=matrix, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if saved.is_active:
                messages.success(request, _("The matrix is saved and the register is rescored."))
            else:
                messages.success(request, _("The matrix is saved."))
            return redirect("context:matrix_list")
    preview_form = form if form.is_bound else MatrixForm(data=_unbound_data(form))
    return render(
        request,
        "context/matrix_form.html",
        {"form": form, "matrix": matrix, **_preview_context(preview_form)},
    )


def _unbound_data(form: MatrixForm) -> dict[str, Any]:
    """The values an unbound form shows (initial or field default), as submitted data."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


@login_required
def matrix_create(request: HttpRequest) -> HttpResponse:
    return _matrix_form_page(request, None)


@login_required
def matrix_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _matrix_form_page(request, selectors.matrix_get(request.user, pk))


@login_required
@require_POST
def matrix_preview(request: HttpRequest) -> HttpResponse:
    """The live preview of the editor (htmx): the grid of the values typed so far."""
    return render(
        request, "context/partials/_matrix_preview.html", _preview_context(MatrixForm(request.POST))
    )


@login_required
@require_POST
def matrix_activate(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = selectors.matrix_get(request.user, pk)
    count = services.matrix_activate(user=request.user, matrix=matrix)
    messages.success(
        request,
        _("“%(name)s” is now the active matrix; %(count)s records rescored.")
        % {"name": matrix.name, "count": count},
    )
    return redirect("context:matrix_list")


# --- Risks and opportunities -------------------------------------------------------------------


def _level_badge(row: RiskOpportunity) -> str:
    return row.level.name if row.level_id else "—"


class RiskListView(LoginRequiredMixin, FilteredListView):
    template_name = "context/risk_list.html"
    title = gettext_lazy("Risks and opportunities")
    export_name = gettext_lazy("risks and opportunities")
    filterset_class = RiskFilter
    default_sort = "-score"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("process", gettext_lazy("Process"), sort="process__code", value=lambda r: r.process.code),
        Column(
            "site", gettext_lazy("Site"), sort="site__name", value=lambda r: r.site or _("Whole organisation")
        ),
        Column("probability", gettext_lazy("P"), sort="probability"),
        Column("impact", gettext_lazy("I"), sort="impact"),
        Column("score", gettext_lazy("Score"), sort="score"),
        Column("level", gettext_lazy("Level"), sort="score", value=_level_badge),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("owner", gettext_lazy("Owner"), sort="owner__last_name"),
        Column("review_on", gettext_lazy("Review due"), sort="review_on"),
    )

    def get_base_queryset(self):
        return selectors.risk_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, RiskOpportunity)
        return context


@login_required
def risk_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(request, Operation.CREATE, RiskOpportunity)
    matrix = services.active_matrix()
    if matrix is None:
        messages.error(
            request, _("No criticality matrix is active: configure and activate one before scoring risks.")
        )
        return redirect("context:matrix_list")
    person = user_person(user)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in RiskKind.values else RiskKind.RISK, "owner": person}
    form = RiskForm(request.POST or None, initial=initial, user=user, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            record = services.risk_opportunity_create(
                user=user,
                kind=form.cleaned_data["kind"],
                title=data.pop("title"),
                process=data.pop("process"),
                probability=data.pop("probability"),
                impact=data.pop("impact"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(reference)s is recorded.") % {"reference": record.reference})
            _announce_action(request, record)
            return redirect(record)
    return render(
        request,
        "context/risk_form.html",
        {"form": form, "matrix": matrix, "title": _("New risk or opportunity")},
    )


def _announce_action(request: HttpRequest, record: RiskOpportunity) -> None:
    action = getattr(record, "auto_action", None)
    if action is not None:
        messages.info(
            request,
            _(
                "It is significant (%(level)s): the treatment action %(action)s "
                "was created in the action plan."
            )
            % {"level": record.level.name if record.level_id else "", "action": action.reference},
        )


@login_required
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    _require(request, Operation.EDIT, record)
    matrix = services.active_matrix()
    form = RiskForm(request.POST or None, instance=record, user=request.user, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.risk_opportunity_update(
                user=request.user, record=record, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            _announce_action(request, record)
            return redirect(record)
    return render(
        request,
        "context/risk_form.html",
        {
            "form": form,
            "record": record,
            "matrix": matrix,
            "title": _("Edit %(reference)s") % {"reference": record.reference},
        },
    )


@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    matrix = services.active_matrix()
    actions = selectors.risk_actions(request.user, record)
    level_colour = record.level.colour if record.level_id else "#ffffff"
    return render(
        request,
        "context/risk_detail.html",
        {
            "record": record,
            "matrix": matrix,
            "level_colour": level_colour,
            "level_text_colour": calculations.readable_text_colour(level_colour),
            "can_edit": can(request.user, Operation.EDIT, record),
            "can_delete": can(request.user, Operation.DELETE, record),
            **actions,
            "action_form": TreatmentActionForm(
                user=request.user,
                initial={
                    "title": _("Treat the risk: %(title)s") % {"title": record.title}
                    if record.kind == RiskKind.RISK
                    else _("Seize the opportunity: %(title)s") % {"title": record.title},
                    "owner": record.owner,
                    "due_on": record.review_on,
                },
            ),
        },
    )


@login_required
@require_POST
def risk_treatment_action(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    _require(request, Operation.EDIT, record)
    form = TreatmentActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            action = services.treatment_action_create(user=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request, _("Treatment action %(reference)s created.") % {"reference": action.reference}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{record.get_absolute_url()}#actions")


@login_required
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    _require(request, Operation.DELETE, record)
    if request.method == "POST":
        reference = record.reference
        try:
            services.risk_opportunity_delete(user=request.user, record=record)
        except ValidationError as error:
            _flash_errors(request, error)
            return redirect(record)
        messages.success(request, _("%(reference)s is deleted.") % {"reference": reference})
        return redirect("context:risk_list")
    return render(request, "context/risk_confirm_delete.html", {"record": record})


@login_required
def heat_map(request: HttpRequest) -> HttpResponse:
    user = request.user
    processes = process_selectors.process_list(user, active=True)
    sites = organization_selectors.site_list(user)
    process = (
        processes.filter(pk=request.GET.get("process")).first()
        if request.GET.get("process", "").isdigit()
        else None
    )
    site = sites.filter(pk=request.GET.get("site")).first() if request.GET.get("site", "").isdigit() else None
    maps = selectors.heat_maps(user, process=process, site=site)
    base_query = {"status": "not_closed"}
    if process is not None:
        base_query["process"] = process.pk
    if site is not None:
        base_query["site"] = site.pk
    list_url = reverse("context:risk_list")
    drill = {
        heat.kind: {
            (cell.cell.probability, cell.cell.impact): f"{list_url}?"
            + urlencode(
                {
                    **base_query,
                    "kind": heat.kind,
                    "probability": cell.cell.probability,
                    "impact": cell.cell.impact,
                }
            )
            for line in heat.grid
            for cell in line
        }
        for heat in maps
    }
    rendered = [
        {
            "map": heat,
            "rows": [
                (
                    label,
                    [(cell, drill[heat.kind][(cell.cell.probability, cell.cell.impact)]) for cell in line],
                )
                for label, line in zip(heat.row_labels, heat.grid, strict=True)
            ],
            "table": sorted(
                (cell for line in heat.grid for cell in line if cell.count),
                key=lambda cell: (-cell.cell.score, -cell.cell.probability),
            ),
        }
        for heat in maps
    ]
    return render(
        request,
        "context/heat_map.html",
        {
            "maps": rendered,
            "processes": processes,
            "sites": sites,
            "process": process,
            "site": site,
            "matrix": maps[0].matrix if maps else None,
        },
    )

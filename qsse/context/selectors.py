"""Reads of the context module, scoped to the user and aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from qsse.actions import selectors as action_selectors
from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from . import calculations
from .choices import (
    CATEGORIES_BY_KIND,
    OPEN_RISK_STATUSES,
    AnalysisKind,
    AnalysisStatus,
    PartyCategory,
    Quadrant,
    RiskKind,
    RiskStatus,
)
from .models import (
    ContextAnalysis,
    ContextItem,
    ContextSummary,
    CriticalityLevel,
    CriticalityMatrix,
    InterestedParty,
    RiskOpportunity,
)
from .services import active_matrix as active_matrix_record
from .services import matrix_levels

# --- Analyses ----------------------------------------------------------------------------------


def analysis_list(user: Any) -> QuerySet[ContextAnalysis]:
    return scope_queryset(
        user,
        ContextAnalysis.objects.select_related("site", "approved_by").annotate(item_count=Count("items")),
    )


def analysis_get(user: Any, pk: int) -> ContextAnalysis:
    try:
        return (
            scope_queryset(user, ContextAnalysis.objects.select_related("site", "approved_by", "previous"))
            .prefetch_related(Prefetch("items", queryset=ContextItem.objects.order_by("position", "id")))
            .get(pk=pk)
        )
    except ContextAnalysis.DoesNotExist as error:
        raise Http404 from error


@dataclass(frozen=True)
class CategoryBlock:
    key: str
    label: str
    items: list[ContextItem]


def analysis_blocks(analysis: ContextAnalysis) -> list[CategoryBlock]:
    """The quadrants (SWOT: strengths, weaknesses, opportunities, threats) or the six PESTEL
    columns, each with its items in order (reads the prefetched items)."""
    by_category: dict[str, list[ContextItem]] = {}
    for item in analysis.items.all():
        by_category.setdefault(item.category, []).append(item)
    return [
        CategoryBlock(category.value, str(category.label), by_category.get(category.value, []))
        for category in CATEGORIES_BY_KIND[AnalysisKind(analysis.kind)]
    ]


def analysis_changes(analysis: ContextAnalysis) -> calculations.VersionChanges | None:
    """What changed since the previous version (None for a first version)."""
    if analysis.previous_id is None:
        return None
    old = list(ContextItem.objects.filter(analysis_id=analysis.previous_id).values_list("category", "text"))
    new = [(item.category, item.text) for item in analysis.items.all()]
    return calculations.version_changes(old, new)


def analysis_next_version(analysis: ContextAnalysis) -> ContextAnalysis | None:
    return ContextAnalysis.objects.filter(previous=analysis).first()


def context_items_for_choice(user: Any) -> QuerySet[ContextItem]:
    """Items of visible analyses, for the "source" of a risk or an opportunity."""
    return (
        ContextItem.objects.filter(analysis__in=scope_queryset(user, ContextAnalysis.objects.all()))
        .select_related("analysis")
        .order_by("-analysis__analysed_on", "category", "position")
    )


# --- Interested parties ------------------------------------------------------------------------


def party_list(user: Any) -> QuerySet[InterestedParty]:
    return scope_queryset(user, InterestedParty.objects.select_related("site").prefetch_related("processes"))


def party_get(user: Any, pk: int) -> InterestedParty:
    try:
        return party_list(user).get(pk=pk)
    except InterestedParty.DoesNotExist as error:
        raise Http404 from error


def party_grid(user: Any, *, relevant_only: bool = True) -> dict[str, list[InterestedParty]]:
    """The parties in the four boxes of the power/interest grid (keys of ``Quadrant``)."""
    grid: dict[str, list[InterestedParty]] = {value: [] for value in Quadrant.values}
    queryset = party_list(user)
    if relevant_only:
        queryset = queryset.filter(is_relevant=True)
    for party in queryset.order_by("-influence", "-interest", "name"):
        grid[calculations.power_interest_quadrant(party.influence, party.interest)].append(party)
    return grid


def party_counts_by_category(user: Any) -> list[tuple[str, int]]:
    counts = dict(party_list(user).order_by().values_list("category").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in PartyCategory.choices]


# --- Summary and matrix ------------------------------------------------------------------------


def summary_list(user: Any) -> list[ContextSummary]:
    return list(scope_queryset(user, ContextSummary.objects.select_related("site")).order_by("site__name"))


def matrix_list(user: Any) -> QuerySet[CriticalityMatrix]:
    return scope_queryset(user, CriticalityMatrix.objects.prefetch_related("levels"))


def matrix_get(user: Any, pk: int) -> CriticalityMatrix:
    try:
        return matrix_list(user).get(pk=pk)
    except CriticalityMatrix.DoesNotExist as error:
        raise Http404 from error


def level_choices() -> QuerySet[CriticalityLevel]:
    return CriticalityLevel.objects.filter(matrix__is_active=True).order_by("min_score")


# --- Register ----------------------------------------------------------------------------------


def risk_list(user: Any) -> QuerySet[RiskOpportunity]:
    return scope_queryset(user, RiskOpportunity.objects.select_related("process", "site", "owner", "level"))


def register_count() -> int:
    """Records of the whole register (all sites): what a change of the active matrix rescores."""
    return RiskOpportunity.objects.count()


def risk_get(user: Any, pk: int) -> RiskOpportunity:
    try:
        return (
            risk_list(user)
            .select_related("process__owner", "source_item__analysis", "source_party", "created_by")
            .get(pk=pk)
        )
    except RiskOpportunity.DoesNotExist as error:
        raise Http404 from error


def risk_actions(user: Any, record: RiskOpportunity) -> dict[str, Any]:
    """The visible actions raised from ``record`` and the counts of all of them."""
    return {
        "actions": list(action_selectors.actions_for_origin(user, record).order_by("due_on")),
        "summary": action_selectors.origin_actions_summary(record),
    }


def risk_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    condition = Q()
    for word in query.split():
        condition &= Q(reference__icontains=word) | Q(title__icontains=word)
    return [
        SearchResult(
            reference=r.reference, title=r.title, url=r.get_absolute_url(), kind=r.get_kind_display()
        )
        for r in risk_list(user).filter(condition)[:limit]
    ]


@dataclass(frozen=True)
class HeatMap:
    kind: str
    label: str
    matrix: CriticalityMatrix
    grid: tuple[tuple[calculations.HeatCell, ...], ...]
    total: int
    row_labels: list[str]  # in the order of the grid's rows (highest probability first)
    col_labels: list[str]


def heat_maps(
    user: Any, *, process: Any = None, site: Any = None, open_only: bool = True, residual: bool = False
) -> list[HeatMap]:
    """One heat map per kind (risks, opportunities) on the active matrix: the number of visible
    records in each (probability, impact) cell, counted in one grouped query. Empty without a matrix.

    With ``residual``, the records that have a residual rating are placed by it (after treatment)."""
    matrix = active_matrix_record()
    if matrix is None:
        return []
    queryset = risk_list(user).order_by()
    if open_only:
        queryset = queryset.filter(status__in=OPEN_RISK_STATUSES)
    if process is not None:
        queryset = queryset.filter(process=process)
    if site is not None:
        queryset = queryset.filter(site=site)
    axes = ("probability", "impact")
    if residual:
        axes = ("residual_probability", "residual_impact")
        queryset = queryset.filter(residual_probability__isnull=False, residual_impact__isnull=False)
    counts: dict[str, dict[tuple[int, int], int]] = {kind: {} for kind in RiskKind.values}
    for kind, probability, impact, n in queryset.values_list("kind", *axes).annotate(n=Count("pk")):
        counts[kind][(probability, impact)] = n
    levels = matrix_levels(matrix)
    maps = []
    for kind, label in (
        (RiskKind.RISK, RiskKind.RISK.label),
        (RiskKind.OPPORTUNITY, RiskKind.OPPORTUNITY.label),
    ):
        grid = calculations.heat_map(counts[kind], matrix.rows, matrix.cols, levels)
        maps.append(
            HeatMap(
                kind=kind,
                label=str(label),
                matrix=matrix,
                grid=grid,
                total=sum(cell.count for line in grid for cell in line),
                row_labels=[matrix.row_label(p) for p in range(matrix.rows, 0, -1)],
                col_labels=[matrix.col_label(i) for i in range(1, matrix.cols + 1)],
            )
        )
    return maps


def significant_open_by_level(user: Any, *, kind: str = RiskKind.RISK) -> list[dict[str, Any]]:
    """Significant records of ``kind`` not closed, counted by level (for the dashboard)."""
    queryset = (
        risk_list(user).order_by().filter(status__in=OPEN_RISK_STATUSES, is_significant=True, kind=kind)
    )
    rows = (
        queryset.values("level__name", "level__colour", "level__min_score", "level_id")
        .annotate(n=Count("pk"))
        .order_by("-level__min_score")
    )
    return [
        {
            "name": row["level__name"] or "—",
            "colour": row["level__colour"] or "#cccccc",
            "text_colour": calculations.readable_text_colour(row["level__colour"] or "#cccccc"),
            "level_id": row["level_id"],
            "count": row["n"],
        }
        for row in rows
    ]


def significant_open_count(*, end: date, site_ids: frozenset[int] | None, kind: str | None = None) -> int:
    """Significant records open at the start of ``end`` (the period end, excluded), read from the
    change history: the last version of each record saved before that instant."""
    history = RiskOpportunity.history.model
    cut = timezone.make_aware(datetime.combine(end, time.min))
    latest = (
        history.objects.filter(history_date__lt=cut)
        .order_by()
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    queryset = (
        history.objects.filter(history_id__in=Subquery(latest), is_significant=True)
        .exclude(history_type="-")
        .exclude(status=RiskStatus.CLOSED)
    )
    if site_ids is not None:
        queryset = queryset.filter(Q(site_id__in=site_ids) | Q(site_id__isnull=True))
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return queryset.count()


def approved_analyses_between(start: date, end: date) -> QuerySet[ContextAnalysis]:
    return ContextAnalysis.objects.filter(
        status=AnalysisStatus.APPROVED, approved_at__date__gte=start, approved_at__date__lt=end
    ).select_related("site")


# --- The shared criticality matrix of every risk tool ------------------------------------------
# HACCP hazards, HAZOP deviations, residual risks under surveillance... rate on the active matrix of
# their usage (qsse.context.choices.MatrixUsage) through these plain values, never the models.


@dataclass(frozen=True)
class LevelSpec:
    name: str
    min_score: int
    colour: str
    text_colour: str
    is_significant: bool


@dataclass(frozen=True)
class MatrixSpec:
    id: int
    name: str
    usage: str
    rows: int
    cols: int
    row_axis_name: str
    col_axis_name: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    levels: tuple[LevelSpec, ...]


@dataclass(frozen=True)
class Rating:
    score: int
    level_name: str
    colour: str
    text_colour: str
    is_significant: bool
    matrix_id: int


def active_matrix(usage: str) -> MatrixSpec | None:
    """The active matrix of a risk tool as plain values; None when the organisation has none."""
    matrix = active_matrix_record(usage)
    if matrix is None:
        return None
    return MatrixSpec(
        id=matrix.pk,
        name=matrix.name,
        usage=matrix.usage,
        rows=matrix.rows,
        cols=matrix.cols,
        row_axis_name=matrix.row_axis_name,
        col_axis_name=matrix.col_axis_name,
        row_labels=tuple(matrix.row_label(value) for value in range(1, matrix.rows + 1)),
        col_labels=tuple(matrix.col_label(value) for value in range(1, matrix.cols + 1)),
        levels=tuple(
            LevelSpec(
                name=level.name,
                min_score=level.min_score,
                colour=level.colour,
                text_colour=calculations.readable_text_colour(level.colour),
                is_significant=level.is_significant,
            )
            for level in matrix_levels(matrix)
        ),
    )


def _levels_of(spec: MatrixSpec) -> list[calculations.Level]:
    return [
        calculations.Level(
            name=level.name,
            min_score=level.min_score,
            colour=level.colour,
            is_significant=level.is_significant,
        )
        for level in spec.levels
    ]


def rate(usage: str, first: int, second: int, *, matrix: MatrixSpec | None = None) -> Rating | None:
    """Score (first × second, each clamped to the grid) and level on the active matrix of ``usage``.

    Pass ``matrix`` (from ``active_matrix``) when rating many records, to read it once.
    """
    spec = matrix or active_matrix(usage)
    if spec is None:
        return None
    first = min(max(int(first), 1), spec.rows)
    second = min(max(int(second), 1), spec.cols)
    score = calculations.criticality_score(first, second)
    level = calculations.criticality_level(score, _levels_of(spec))
    colour = level.colour if level is not None else "#ffffff"
    return Rating(
        score=score,
        level_name=level.name if level is not None else "",
        colour=colour,
        text_colour=calculations.readable_text_colour(colour),
        is_significant=bool(level and level.is_significant),
        matrix_id=spec.id,
    )


def heat_grid(usage: str, counts: dict[tuple[int, int], int]) -> list[list[dict[str, Any]]]:
    """The heat map of a risk tool: rows from the highest first-axis value down, each cell with its
    score, level, colours and the number of records in ``counts[(first, second)]``."""
    spec = active_matrix(usage)
    if spec is None:
        return []
    grid = calculations.heat_map(counts, spec.rows, spec.cols, _levels_of(spec))
    rows = []
    for line in grid:
        row = []
        for heat in line:
            cell = heat.cell
            row.append(
                {
                    "first": cell.probability,
                    "second": cell.impact,
                    "first_label": spec.row_labels[cell.probability - 1],
                    "second_label": spec.col_labels[cell.impact - 1],
                    "score": cell.score,
                    "level_name": cell.level.name if cell.level else "",
                    "colour": cell.level.colour if cell.level else "#ffffff",
                    "text_colour": cell.text_colour,
                    "is_significant": bool(cell.level and cell.level.is_significant),
                    "count": heat.count,
                }
            )
        rows.append(row)
    return rows

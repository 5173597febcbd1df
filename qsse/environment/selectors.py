"""Reads of the environmental analysis, scoped to the user's sites and aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from qsse.actions import selectors as action_selectors
from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from . import calculations
from .choices import Compartment, OperatingCondition
from .models import Activity, EnvironmentalAnalysis, EnvironmentalAspect
from .services import current_settings, rules_of

__all__ = ["current_settings", "rules_of"]


def analysis_list(user: Any) -> QuerySet[EnvironmentalAnalysis]:
    return scope_queryset(user, EnvironmentalAnalysis.objects.select_related("site", "owner")).annotate(
        aspect_count=Count("activities__aspects"),
        significant_count=Count("activities__aspects", filter=Q(activities__aspects__is_significant=True)),
    )


def analysis_choices(user: Any) -> QuerySet[EnvironmentalAnalysis]:
    """The analyses as a filter's choices: only what their label shows (no aspect counts, which
    join every aspect)."""
    return (
        scope_queryset(user, EnvironmentalAnalysis.objects.all())
        .only("reference", "title", "version")
        .order_by("reference")
    )


def analysis_get(user: Any, pk: int) -> EnvironmentalAnalysis:
    try:
        return scope_queryset(
            user, EnvironmentalAnalysis.objects.select_related("site", "owner", "previous")
        ).get(pk=pk)
    except EnvironmentalAnalysis.DoesNotExist as error:
        raise Http404 from error


def latest_analyses(user: Any) -> QuerySet[EnvironmentalAnalysis]:
    """The latest version of each analysis (no newer version exists)."""
    return scope_queryset(user, EnvironmentalAnalysis.objects.filter(next_version__isnull=True))


def activities_with_aspects(analysis: EnvironmentalAnalysis) -> list[Activity]:
    return list(
        analysis.activities.select_related("process").prefetch_related(
            Prefetch(
                "aspects",
                queryset=EnvironmentalAspect.objects.select_related("objective").order_by("-score", "id"),
            )
        )
    )


def activities_with_counts(analysis: EnvironmentalAnalysis) -> list[Activity]:
    """The analysis's activities, each with ``aspect_count`` and ``significant_count`` (one GROUP BY)."""
    return list(
        analysis.activities.select_related("process").annotate(
            aspect_count=Count("aspects"),
            significant_count=Count("aspects", filter=Q(aspects__is_significant=True)),
        )
    )


def analysis_aspects(analysis: EnvironmentalAnalysis) -> QuerySet[EnvironmentalAspect]:
    """The aspects of one analysis, highest score first (then in the order of the activities)."""
    return (
        EnvironmentalAspect.objects.filter(activity__analysis=analysis)
        .select_related("activity", "objective")
        .order_by("-score", "activity__order", "activity__name", "activity_id", "id")
    )


def activity_get(user: Any, pk: int) -> Activity:
    try:
        return scope_queryset(user, Activity.objects.select_related("analysis__site", "process")).get(pk=pk)
    except Activity.DoesNotExist as error:
        raise Http404 from error


def aspect_list(user: Any) -> QuerySet[EnvironmentalAspect]:
    return scope_queryset(
        user,
        EnvironmentalAspect.objects.select_related(
            "activity__analysis__site", "activity__process", "objective"
        ),
    )


def aspect_get(user: Any, pk: int) -> EnvironmentalAspect:
    try:
        return aspect_list(user).select_related("activity__analysis__owner").get(pk=pk)
    except EnvironmentalAspect.DoesNotExist as error:
        raise Http404 from error


def aspect_actions(user: Any, aspect: EnvironmentalAspect) -> QuerySet:
    return action_selectors.actions_for_origin(user, aspect).select_related("owner").order_by("due_on", "pk")


def action_counts(aspect_ids: list[int]) -> dict[int, int]:
    """Number of actions raised from each aspect, in one query."""
    from django.contrib.contenttypes.models import ContentType

    from qsse.actions.models import Action

    if not aspect_ids:
        return {}
    rows = (
        Action.objects.filter(
            origin_content_type=ContentType.objects.get_for_model(EnvironmentalAspect),
            origin_object_id__in=aspect_ids,
        )
        .values("origin_object_id")
        .annotate(total=Count("pk"))
    )
    return {row["origin_object_id"]: row["total"] for row in rows}


@dataclass(frozen=True)
class Summary:
    rows: list[tuple[str, list[calculations.SummaryCell], int, int]]  # label, cells, significant, total
    conditions: list[tuple[str, str]]
    column_totals: list[tuple[str, int, int]]  # condition, significant, total
    significant: int
    total: int


def summary(aspects: QuerySet[EnvironmentalAspect]) -> Summary:
    """Significant aspects / all aspects by compartment (rows) and operating condition (columns)."""
    counts = (
        aspects.order_by()
        .values_list("compartment", "condition")
        .annotate(significant=Count("pk", filter=Q(is_significant=True)), total=Count("pk"))
    )
    grid = calculations.summary_grid(counts, Compartment.values, OperatingCondition.values)
    labels = dict(Compartment.choices)
    rows = [
        (str(labels[line[0].compartment]), line, sum(c.significant for c in line), sum(c.total for c in line))
        for line in grid
    ]
    column_totals = [
        (condition, sum(line[i].significant for line in grid), sum(line[i].total for line in grid))
        for i, condition in enumerate(OperatingCondition.values)
    ]
    return Summary(
        rows=rows,
        conditions=[(value, str(label)) for value, label in OperatingCondition.choices],
        column_totals=column_totals,
        significant=sum(s for _c, s, _t in column_totals),
        total=sum(t for _c, _s, t in column_totals),
    )


def latest_aspects(user: Any, site_ids: frozenset[int] | None = None) -> QuerySet[EnvironmentalAspect]:
    queryset = aspect_list(user).filter(activity__analysis__next_version__isnull=True)
    if site_ids is not None:
        queryset = queryset.filter(activity__analysis__site_id__in=site_ids)
    return queryset


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    analyses = analysis_list(user).filter(Q(reference__icontains=query) | Q(title__icontains=query))[:limit]
    return [
        SearchResult(
            reference=item.reference, title=item.title, url=item.get_absolute_url(), kind="environment"
        )
        for item in analyses
    ]

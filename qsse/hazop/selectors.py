"""Reads of the HAZOP module, scoped to the user's sites."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from . import rating
from .models import Deviation, HazopNode, HazopStudy

# Unrated deviations (no score) last on every database: PostgreSQL puts NULLs first in a descending sort.
SORTS = {
    "score": (F("score").desc(nulls_last=True), "node__number", "id"),
    "node": ("node__number", "id"),
}


def study_list(user: Any) -> QuerySet[HazopStudy]:
    return scope_queryset(user, HazopStudy.objects.select_related("site", "leader")).annotate(
        node_count=Count("nodes", distinct=True),
        deviation_count=Count("nodes__deviations", distinct=True),
        significant_count=Count(
            "nodes__deviations", filter=Q(nodes__deviations__is_significant=True), distinct=True
        ),
    )


def study_get(user: Any, pk: int) -> HazopStudy:
    return (
        scope_queryset(user, HazopStudy.objects.select_related("site", "leader"))
        .prefetch_related("team")
        .get(pk=pk)
    )


def deviation_list(user: Any) -> QuerySet[Deviation]:
    return scope_queryset(
        user, Deviation.objects.select_related("node__study__site", "responsible", "action")
    )


def deviation_get(user: Any, pk: int) -> Deviation:
    return deviation_list(user).get(pk=pk)


def node_list(user: Any) -> QuerySet[HazopNode]:
    return scope_queryset(user, HazopNode.objects.select_related("study"))


def study_worksheet(study: HazopStudy, sort: str = "node") -> QuerySet[Deviation]:
    """The HAZOP worksheet rows of the study, by node (default) or highest score first."""
    return (
        Deviation.objects.filter(node__study=study)
        .select_related("node", "responsible", "action")
        .order_by(*SORTS.get(sort, SORTS["node"]))
    )


def study_nodes(study: HazopStudy) -> list[HazopNode]:
    return list(study.nodes.annotate(deviation_count=Count("deviations")))


def study_heat_grid(study: HazopStudy) -> list[list[dict]]:
    counts: dict[tuple[int, int], int] = {}
    rows = (
        Deviation.objects.filter(node__study=study, likelihood__isnull=False, severity__isnull=False)
        .values("likelihood", "severity")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[(row["likelihood"], row["severity"])] = row["n"]
    return rating.heat_grid(counts)


def study_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    studies = study_list(user).filter(
        Q(reference__icontains=query) | Q(title__icontains=query) | Q(installation__icontains=query)
    )[:limit]
    return [
        SearchResult(reference=s.reference, title=s.title, url=s.get_absolute_url(), kind=_("HAZOP study"))
        for s in studies
    ]


def significant_deviations_between(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None = None
) -> QuerySet[Deviation]:
    """The significant deviations the user may see, recorded in [start, end), of the sites (None: all)
    and of the studies of the process (None: every process), highest score first."""
    queryset = deviation_list(user).filter(
        is_significant=True, created_at__date__gte=start, created_at__date__lt=end
    )
    if site_ids is not None:
        queryset = queryset.filter(node__study__site_id__in=site_ids)
    if process_id is not None:
        queryset = queryset.filter(node__study__process_id=process_id)
    return queryset.order_by(F("score").desc(nulls_last=True), "id")

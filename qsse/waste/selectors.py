"""Every read of the waste module that matters: scoped to the user's sites, aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from qsse.core.choices import Operation
from qsse.core.permissions import Scope, grant, scope_queryset, user_site_ids
from qsse.core.registry import SearchResult, object_rules_for
from qsse.core.search_indexes import text_filter

from . import calculations, reference
from .choices import QuantityUnit, SortingFlow, TreatmentKind, WasteCategory
from .models import (
    Contractor,
    TreatmentCode,
    WasteCode,
    WasteHeading,
    WasteRemoval,
    WasteStream,
    WasteYearTotal,
)

CODE_SEARCH_LIMIT = 50


# --- Reference data ----------------------------------------------------------------------------


def code_search(query: str, *, hazardous: bool | None = None, chapter: str = "") -> QuerySet[WasteCode]:
    """Codes of the list matching ``query``: the beginning of a code (digits, spaces and ``*``
    ignored) or every word, accents and case ignored, in the French or English label, or in the
    titles of its sub-chapter and chapter."""
    queryset = WasteCode.objects.all()
    for term in calculations.search_terms(query):
        if term.isdigit():
            queryset = queryset.filter(code__startswith=term)
        else:
            queryset = queryset.filter(search_text__contains=term)
    if hazardous is not None:
        queryset = queryset.filter(is_hazardous=hazardous)
    if chapter:
        queryset = queryset.filter(chapter=chapter)
    return queryset.order_by("code")


def headings() -> dict[str, WasteHeading]:
    return {heading.code: heading for heading in WasteHeading.objects.all()}


def chapter_list() -> QuerySet[WasteHeading]:
    return WasteHeading.objects.filter(level=1).order_by("code")


def treatment_list() -> QuerySet[TreatmentCode]:
    return TreatmentCode.objects.all()


def contractor_list(user: Any) -> QuerySet[Contractor]:
    return scope_queryset(user, Contractor.objects.all())


def contractor_get(user: Any, pk: int) -> Contractor:
    return get_object_or_404(contractor_list(user), pk=pk)


# --- Streams and register ----------------------------------------------------------------------


def stream_list(user: Any) -> QuerySet[WasteStream]:
    return scope_queryset(user, WasteStream.objects.all()).select_related(
        "site", "waste_code", "collector", "transporter", "facility", "treatment_code", "responsible"
    )


def stream_choices(user: Any) -> QuerySet[WasteStream]:
    """The active streams, as a filter's choices: only what their label shows."""
    return (
        scope_queryset(user, WasteStream.objects.filter(is_active=True))
        .select_related("waste_code")
        .only("name", "waste_code__display")
        .order_by("site__name", "name", "id")
    )


def stream_get(user: Any, pk: int) -> WasteStream:
    return get_object_or_404(stream_list(user), pk=pk)


def removal_list(user: Any) -> QuerySet[WasteRemoval]:
    return scope_queryset(user, WasteRemoval.objects.all()).select_related(
        "site",
        "stream",
        "waste_code",
        "collector",
        "transporter",
        "second_transporter",
        "facility",
        "treatment_code",
    )


def removal_get(user: Any, pk: int) -> WasteRemoval:
    return get_object_or_404(removal_list(user), pk=pk)


def removal_years(user: Any) -> list[int]:
    return list(
        scope_queryset(user, WasteRemoval.objects.all())
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- Totals ------------------------------------------------------------------------------------


@dataclass
class Totals:
    """Tonnages of a group of register lines (a year, a category, a stream, a site)."""

    key: Any
    label: str = ""
    recovered_t: Decimal = Decimal(0)
    disposed_t: Decimal = Decimal(0)
    unknown_t: Decimal = Decimal(0)
    volume_without_density_m3: Decimal = Decimal(0)
    lines: int = 0

    @property
    def total_t(self) -> Decimal:
        return self.recovered_t + self.disposed_t + self.unknown_t

    @property
    def rate(self) -> Decimal | None:
        return calculations.rate(self.recovered_t, self.total_t)

    def add(self, kind: str, tonnes: Decimal | None, volume: Decimal | None, lines: int) -> None:
        tonnes = tonnes or Decimal(0)
        if kind == TreatmentKind.RECOVERY:
            self.recovered_t += tonnes
        elif kind == TreatmentKind.DISPOSAL:
            self.disposed_t += tonnes
        else:
            self.unknown_t += tonnes
        self.volume_without_density_m3 += volume or Decimal(0)
        self.lines += lines


def totals_by(queryset: QuerySet[WasteRemoval], *keys: str) -> dict[Any, Totals]:
    """Tonnages of ``queryset`` grouped by ``keys`` (field names, e.g. ``"year"``, ``"category"``,
    ``"stream"``): one GROUP BY in the database, recovery and disposal summed with conditional
    aggregates (so that a GROUP BY year walks the totals index in order). Lines in m³ without
    density count apart, in m³."""
    aggregates = {
        "sum_t": Sum("tonnes"),
        "sum_recovered": Sum("tonnes", filter=Q(treatment_kind=TreatmentKind.RECOVERY)),
        "sum_disposed": Sum("tonnes", filter=Q(treatment_kind=TreatmentKind.DISPOSAL)),
        "sum_m3": Sum("quantity", filter=Q(tonnes__isnull=True, unit=QuantityUnit.CUBIC_METRE)),
        "count": Count("pk"),
    }
    if not keys:
        return {None: _totals(None, queryset.order_by().aggregate(**aggregates))}
    rows = queryset.order_by().values(*keys).annotate(**aggregates)
    result: dict[Any, Totals] = {}
    for row in rows:
        key = tuple(row[name] for name in keys) if len(keys) > 1 else row[keys[0]]
        result[key] = _totals(key, row)
    return result


def _totals(key: Any, row: dict[str, Any]) -> Totals:
    recovered, disposed = row["sum_recovered"] or Decimal(0), row["sum_disposed"] or Decimal(0)
    return Totals(
        key,
        recovered_t=recovered,
        disposed_t=disposed,
        unknown_t=(row["sum_t"] or Decimal(0)) - recovered - disposed,
        volume_without_density_m3=row["sum_m3"] or Decimal(0),
        lines=row["count"],
    )


def _merge(groups: dict[Any, Totals], index: int) -> dict[Any, Totals]:
    """Totals of ``groups`` (keyed by tuples) summed by the ``index``-th element of their key."""
    merged: dict[Any, Totals] = {}
    for key, totals in groups.items():
        target = merged.setdefault(key[index], Totals(key[index]))
        target.recovered_t += totals.recovered_t
        target.disposed_t += totals.disposed_t
        target.unknown_t += totals.unknown_t
        target.volume_without_density_m3 += totals.volume_without_density_m3
        target.lines += totals.lines
    return merged


def overall(queryset: QuerySet[WasteRemoval]) -> Totals:
    """Tonnages of the whole ``queryset`` (one aggregate)."""
    return totals_by(queryset).get(None) or Totals(None)


def _year_totals(user: Any, site_id: int | None) -> QuerySet[WasteYearTotal] | None:
    """The yearly totals table the user may read whole, or None when the user sees only some
    lines of a site (own lines, object rules): the totals are then summed from the register."""
    scope = grant(user, Operation.VIEW, WasteRemoval)
    if scope is Scope.NONE:
        return WasteYearTotal.objects.none()
    if scope is Scope.OWN or any(rule.restrict is not None for rule in object_rules_for(WasteRemoval)):
        return None
    queryset = WasteYearTotal.objects.order_by()
    site_ids = user_site_ids(user)
    if site_ids is not None:
        queryset = queryset.filter(site_id__in=site_ids)
    return queryset.filter(site_id=site_id) if site_id else queryset


def _summed(rows: Any, *keys: str) -> dict[Any, Totals]:
    """Totals of the yearly totals rows, grouped by ``keys`` (the row's fields)."""
    result: dict[Any, Totals] = {}
    for row in rows:
        key = tuple(getattr(row, name) for name in keys) if len(keys) > 1 else getattr(row, keys[0])
        totals = result.get(key)
        if totals is None:
            totals = result[key] = Totals(key)
        totals.add(row.treatment_kind, row.tonnes, row.volume_without_density_m3, row.lines)
    return result


def dashboard(user: Any, *, year: int | None, site_id: int | None) -> dict[str, Any]:
    """Figures of the waste dashboard: the year's totals, by category, stream and site, and the
    recovery rate of each year (same site filter). Read from the yearly totals table (a few
    hundred rows, kept by the services); summed from the register (one GROUP BY, merged here)
    for a user who sees only some of a site's lines."""
    summary = _year_totals(user, site_id)
    if summary is None:
        base = scope_queryset(user, WasteRemoval.objects.all())
        if site_id:
            base = base.filter(site_id=site_id)
        by_year = totals_by(base, "year")
        of_year = base.filter(year=year) if year else base
        groups = totals_by(of_year, "category", "stream", "site")
    else:
        rows = list(
            summary.only(
                "year",
                "site",
                "stream",
                "category",
                "treatment_kind",
                "tonnes",
                "volume_without_density_m3",
                "lines",
            )
        )
        by_year = _summed(rows, "year")
        groups = _summed(
            [row for row in rows if not year or row.year == year], "category", "stream_id", "site_id"
        )
    categories = _merge(groups, 0)
    for key, totals in categories.items():
        totals.label = str(WasteCategory(key).label) if key in WasteCategory.values else str(key)
    streams = _merge(groups, 1)
    stream_names = {
        stream.pk: f"{stream.name} ({stream.waste_code.display}) – {stream.site.name}"
        for stream in WasteStream.objects.filter(pk__in=[key for key in streams if key]).select_related(
            "waste_code", "site"
        )
    }
    for key, totals in streams.items():
        totals.label = stream_names.get(key, "—")
    sites = _merge(groups, 2)
    from qsse.organization.models import Site

    site_names = dict(Site.objects.filter(pk__in=list(sites)).values_list("pk", "name"))
    for key, totals in sites.items():
        totals.label = site_names.get(key, "—")
    total = Totals(None)
    for totals in categories.values():
        total.recovered_t += totals.recovered_t
        total.disposed_t += totals.disposed_t
        total.unknown_t += totals.unknown_t
        total.volume_without_density_m3 += totals.volume_without_density_m3
        total.lines += totals.lines
    hazardous = [
        categories[key].total_t for key in (WasteCategory.HAZARDOUS, WasteCategory.DASRI) if key in categories
    ]
    return {
        "total": total,
        "hazardous_t": sum(hazardous, Decimal(0)),
        "by_year": [by_year[key] for key in sorted(by_year)],
        "by_category": sorted(categories.values(), key=lambda item: -item.total_t),
        "by_stream": sorted(streams.values(), key=lambda item: -item.total_t),
        "by_site": sorted(sites.values(), key=lambda item: item.label),
    }


def sorting_status(user: Any, site: Any, on: date) -> list[calculations.FlowStatus]:
    """The sorting obligations in force on ``on`` and whether ``site`` sorts each flow (it has an
    active stream of that flow)."""
    flows = set(
        scope_queryset(user, WasteStream.objects.filter(site=site, is_active=True))
        .exclude(sorting_flow=SortingFlow.NONE)
        .values_list("sorting_flow", flat=True)
    )
    return calculations.sorting_check(flows, reference.sorting_obligations(), on)


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            reference=removal.reference,
            title=removal.usual_name,
            url=removal.get_absolute_url(),
            kind=str(removal._meta.verbose_name),
        )
        for removal in text_filter(
            scope_queryset(user, WasteRemoval.objects.all()), query, every_word=True, first_rows_only=True
        ).order_by("-pk")[:limit]
    ]

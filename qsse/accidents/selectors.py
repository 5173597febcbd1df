"""Every read of the accident register that matters, restricted to what the user may see; the
monthly figures behind the rates are aggregated in the database (one query for the accidents, one
for the hours, whatever the number of records)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateField, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from qsse.core.choices import Role
from qsse.core.permissions import scope_queryset, user_role, user_site_ids
from qsse.core.registry import SearchResult

from . import calculations
from .calculations import PeriodFigures, Rates
from .choices import INJURY_KINDS, AccidentKind
from .models import Accident, AccidentVictim, CauseLink, CauseNode, HoursWorked

# The roles that see the victim's name and medical details (personal data, RGPD art. 9 health
# data): the administrator and the QSSE manager only; every other role sees the accident without
# them, in pages, exports and API.
PERSONAL_DATA_ROLES = (Role.ADMINISTRATOR, Role.QSSE_MANAGER)


def can_see_personal_data(user: Any) -> bool:
    return user_role(user) in PERSONAL_DATA_ROLES


def accident_list(user: Any) -> QuerySet[Accident]:
    queryset = Accident.objects.select_related("site", "work_unit")
    if can_see_personal_data(user):
        queryset = queryset.select_related("victim_record__victim")
    return scope_queryset(user, queryset)


def accident_get(user: Any, pk: int) -> Accident:
    try:
        return accident_list(user).get(pk=pk)
    except Accident.DoesNotExist as error:
        raise Http404 from error


def victim_get(user: Any, accident: Accident) -> AccidentVictim | None:
    """The victim record, or None when the user may not see personal data."""
    if not can_see_personal_data(user):
        return None
    return AccidentVictim.objects.select_related("victim").filter(accident=accident).first()


def node_get(user: Any, pk: int) -> CauseNode:
    try:
        return scope_queryset(user, CauseNode.objects.select_related("accident__site", "action")).get(pk=pk)
    except CauseNode.DoesNotExist as error:
        raise Http404 from error


def link_get(user: Any, pk: int) -> CauseLink:
    try:
        return scope_queryset(user, CauseLink.objects.select_related("cause__accident")).get(pk=pk)
    except CauseLink.DoesNotExist as error:
        raise Http404 from error


@dataclass(frozen=True)
class Tree:
    nodes: list[CauseNode]
    links: list[CauseLink]
    root: CauseNode | None


def tree_get(accident: Accident) -> Tree:
    nodes = list(CauseNode.objects.filter(accident=accident).select_related("action").order_by("id"))
    links = list(CauseLink.objects.filter(cause__accident=accident).order_by("id"))
    root = next((node for node in nodes if node.is_root), None)
    return Tree(nodes, links, root)


def cause_list(user: Any) -> QuerySet[CauseNode]:
    return scope_queryset(user, CauseNode.objects.select_related("accident", "action"))


def link_list(user: Any) -> QuerySet[CauseLink]:
    return scope_queryset(user, CauseLink.objects.select_related("cause", "effect"))


def hours_list(user: Any) -> QuerySet[HoursWorked]:
    return scope_queryset(user, HoursWorked.objects.select_related("site"))


def hours_of_year(user: Any, site: Any, year: int) -> dict[date, HoursWorked]:
    return {
        record.month: record
        for record in hours_list(user).filter(
            site=site, month__gte=date(year, 1, 1), month__lt=date(year + 1, 1, 1)
        )
    }


# --- Figures and rates ---------------------------------------------------------------------------


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def monthly_figures(site_ids: Iterable[int], start: date, end: date) -> dict[tuple[int, date], PeriodFigures]:
    """Figures of each (site, month) in [start, end) for the given sites, aggregated in the
    database: accidents at work with lost time, without lost time, days lost (of accidents with
    lost time), hours worked and average headcount entered."""
    site_ids = list(site_ids)
    counts = (
        Accident.objects.filter(
            site_id__in=site_ids, occurred_at__gte=_aware(start), occurred_at__lt=_aware(end)
        )
        .annotate(month=TruncMonth("occurred_at", output_field=DateField()))
        .values("site_id", "month")
        .annotate(
            lost=Count("pk", filter=Q(kind=AccidentKind.LOST_TIME)),
            other=Count("pk", filter=Q(kind=AccidentKind.NO_LOST_TIME)),
            days=Sum("days_lost", filter=Q(kind=AccidentKind.LOST_TIME)),
        )
        .order_by()
    )
    accidents = {(row["site_id"], row["month"]): row for row in counts}
    hours = {
        (row["site_id"], row["month"]): row
        for row in HoursWorked.objects.filter(site_id__in=site_ids, month__gte=start, month__lt=end).values(
            "site_id", "month", "hours", "average_headcount"
        )
    }
    result: dict[tuple[int, date], PeriodFigures] = {}
    for key in set(accidents) | set(hours):
        row, entered = accidents.get(key, {}), hours.get(key, {})
        result[key] = PeriodFigures(
            lost_time_accidents=row.get("lost", 0),
            other_accidents=row.get("other", 0),
            days_lost=row.get("days") or 0,
            hours_worked=entered.get("hours"),
            average_headcount=entered.get("average_headcount"),
        )
    return result


def sum_sites(
    per_site: dict[tuple[int, date], PeriodFigures], site_ids: Iterable[int], month: date
) -> PeriodFigures:
    """The figures of several sites in one month: hours known only when every site has them."""
    parts = [per_site.get((site_id, month), PeriodFigures()) for site_id in site_ids]
    hours = [part.hours_worked for part in parts]
    headcounts = [part.average_headcount for part in parts]
    return PeriodFigures(
        lost_time_accidents=sum(part.lost_time_accidents for part in parts),
        other_accidents=sum(part.other_accidents for part in parts),
        days_lost=sum(part.days_lost for part in parts),
        hours_worked=None if not parts or None in hours else sum(hours, Decimal(0)),
        average_headcount=None if not parts or None in headcounts else sum(headcounts, Decimal(0)),
    )


def period_figures(site_ids: Iterable[int], start: date, end: date) -> PeriodFigures:
    """The figures of [start, end) (whole months) for the sites: every month must have its hours."""
    site_ids = list(site_ids)
    per_site = monthly_figures(site_ids, start, end)
    months = []
    month = start.replace(day=1)
    while month < end:
        months.append(sum_sites(per_site, site_ids, month))
        month = calculations.add_months(month, 1)
    return calculations.combine(months)


@dataclass(frozen=True)
class MonthRow:
    month: date
    figures: PeriodFigures
    rates: Rates
    rolling: PeriodFigures
    rolling_rates: Rates


@dataclass(frozen=True)
class SiteRow:
    site: Any
    rolling: PeriodFigures
    rates: Rates


def visible_site_ids(user: Any, sites: Iterable[Any]) -> list[int]:
    allowed = user_site_ids(user)
    return [site.pk for site in sites if allowed is None or site.pk in allowed]


def rates_by_month(site_ids: list[int], end_month: date, count: int = 12) -> list[MonthRow]:
    """The ``count`` months ending with ``end_month``: each month's figures and rates and those of
    the rolling 12 months ending with it (two queries)."""
    first = calculations.add_months(end_month.replace(day=1), -(count + 10))
    end = calculations.add_months(end_month.replace(day=1), 1)
    per_site = monthly_figures(site_ids, first, end)
    by_month = {
        calculations.add_months(first, offset): sum_sites(
            per_site, site_ids, calculations.add_months(first, offset)
        )
        for offset in range(count + 11)
    }
    rows = []
    for month in calculations.last_months(end_month, count):
        figures = by_month[month]
        rolling = calculations.rolling_12_months(by_month, month)
        rows.append(
            MonthRow(month, figures, calculations.rates(figures), rolling, calculations.rates(rolling))
        )
    return rows


def rates_by_site(sites: Iterable[Any], end_month: date) -> list[SiteRow]:
    """The rolling 12 months ending with ``end_month`` of each site (two queries)."""
    sites = list(sites)
    first = calculations.add_months(end_month.replace(day=1), -11)
    end = calculations.add_months(end_month.replace(day=1), 1)
    per_site = monthly_figures([site.pk for site in sites], first, end)
    rows = []
    for site in sites:
        rolling = calculations.combine(
            [per_site.get((site.pk, month), PeriodFigures()) for month in calculations.last_months(end_month)]
        )
        rows.append(SiteRow(site, rolling, calculations.rates(rolling)))
    return rows


def seat_counts(user: Any, site_ids: list[int], start: date, end: date) -> dict[str, int]:
    """Injuries (accidents with or without lost time, commuting) by seat of the lesions in
    [start, end): counts only, no personal data."""
    rows = (
        AccidentVictim.objects.filter(
            accident__in=scope_queryset(user, Accident.objects.all()),
            accident__site_id__in=site_ids,
            accident__kind__in=INJURY_KINDS,
            accident__occurred_at__gte=_aware(start),
            accident__occurred_at__lt=_aware(end),
        )
        .exclude(lesion_seat="")
        .values("lesion_seat")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["lesion_seat"]: row["count"] for row in rows}


def kind_counts(user: Any, site_ids: list[int], start: date, end: date) -> dict[str, int]:
    rows = (
        scope_queryset(user, Accident.objects.all())
        .filter(site_id__in=site_ids, occurred_at__gte=_aware(start), occurred_at__lt=_aware(end))
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["kind"]: row["count"] for row in rows}


def last_lost_time_accident_on(site_ids: list[int]) -> date | None:
    """The local date of the latest accident with lost time on these sites, or None."""
    latest = Accident.objects.filter(site_id__in=site_ids, kind=AccidentKind.LOST_TIME).aggregate(
        latest=Max("occurred_at")
    )["latest"]
    return timezone.localtime(latest).date() if latest else None


def first_record_on(site_ids: list[int]) -> date | None:
    first = (
        HoursWorked.objects.filter(site_id__in=site_ids)
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    )
    return first


def days_without_accident(site_ids: list[int], today: date) -> int | None:
    """Days since the last accident with lost time (or since the first month of hours entered)."""
    return calculations.days_without_accident(
        last_lost_time_accident_on(site_ids), today, since=first_record_on(site_ids)
    )


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    condition = Q()
    for word in query.split():
        condition &= Q(reference__icontains=word) | Q(title__icontains=word) | Q(place__icontains=word)
    return [
        SearchResult(
            reference=accident.reference,
            title=accident.title,
            url=accident.get_absolute_url(),
            kind=str(Accident._meta.verbose_name),
        )
        for accident in scope_queryset(user, Accident.objects.all())
        .filter(condition)
        .order_by("-occurred_at")[:limit]
    ]


def accidents_in_period(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None
) -> QuerySet[Accident]:
    queryset = scope_queryset(user, Accident.objects.select_related("site")).filter(
        occurred_at__gte=_aware(start), occurred_at__lt=_aware(end)
    )
    if site_ids is not None:
        queryset = queryset.filter(site_id__in=site_ids)
    return queryset


def open_analysis_count(user: Any) -> int:
    from .choices import AccidentStatus

    return accident_list(user).filter(status__in=(AccidentStatus.REPORTED, AccidentStatus.ANALYSING)).count()

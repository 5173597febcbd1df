"""Reads of the indicators module, scoped to the user and aggregated in the database.

The dashboards read the last values of every visible indicator in two queries whatever their number:
one for the indicators, one for their measurements of the last 12 periods (see docs/indicators.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qsse.core.permissions import scope_queryset

from . import calculations
from .choices import Domain, ObjectiveLevel
from .models import Indicator, Measurement, Objective, Policy

SERIES_PERIODS = 12


def policy_list(user: Any) -> QuerySet[Policy]:
    return scope_queryset(user, Policy.objects.select_related("signed_by"))


def policy_current(user: Any) -> Policy | None:
    return policy_list(user).filter(is_current=True).first()


def indicator_list(user: Any) -> QuerySet[Indicator]:
    """Indicators the user may see (their site's and the organisation-wide ones)."""
    return scope_queryset(user, Indicator.objects.select_related("process", "site", "owner"))


def indicator_get(user: Any, pk: int) -> Indicator:
    """One visible indicator, or Http404."""
    try:
        return indicator_list(user).select_related("process__owner").get(pk=pk)
    except Indicator.DoesNotExist as error:
        raise Http404 from error


def measurement_list(user: Any) -> QuerySet[Measurement]:
    """Measurements of the visible indicators, on the user's sites."""
    visible = indicator_list(user).values("pk")
    return scope_queryset(user, Measurement.objects.filter(indicator__in=visible)).select_related(
        "indicator", "site"
    )


def objective_list(user: Any) -> QuerySet[Objective]:
    return scope_queryset(
        user,
        Objective.objects.select_related("process", "site", "owner", "indicator", "parent", "policy"),
    )


def objective_get(user: Any, pk: int) -> Objective:
    try:
        return objective_list(user).select_related("process__owner", "indicator__site").get(pk=pk)
    except Objective.DoesNotExist as error:
        raise Http404 from error


# --- Series and cards --------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """What a dashboard shows of one indicator: its last value and the last 12 periods."""

    indicator: Indicator
    site_id: int | None  # the series shown: the indicator's site, the chosen site, or None (organisation)
    periods: tuple[date, ...]  # the last 12 period starts, oldest first
    values: tuple[Decimal | None, ...]  # aligned with ``periods``
    last_period: date | None
    last_value: Decimal | None
    status: str
    trend: calculations.TrendResult
    sparkline: str  # SVG polyline points

    @property
    def known_values(self) -> list[Decimal]:
        return [value for value in self.values if value is not None]


def series_site_id(indicator: Indicator, site: Any = None) -> int | None:
    """The series a view shows: the site of a site's indicator, the chosen site for an indicator split
    by site, otherwise the organisation's (None)."""
    if indicator.site_id:
        return indicator.site_id
    if site is not None and indicator.is_split_by_site:
        return site.pk if hasattr(site, "pk") else int(site)
    return None


def _window(frequency: str, today: date, periods: int) -> tuple[date, ...]:
    current = calculations.period_start(today, frequency)
    return tuple(calculations.shift_period(current, frequency, -i) for i in range(periods - 1, -1, -1))


def series_values(
    indicators: list[Indicator], *, site: Any = None, today: date, periods: int = SERIES_PERIODS
) -> dict[int, dict[date, Decimal]]:
    """The values of the last ``periods`` periods of each indicator's shown series, in one query:
    {indicator id: {period start: value}}.

    The query asks, per (frequency, series site) group, ``indicator_id IN (…) AND site_id = … AND
    period_start BETWEEN …``: each branch is a range scan of the (indicator, site, period_start) index.
    """
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for indicator in indicators:
        groups[(indicator.frequency, series_site_id(indicator, site))].append(indicator.pk)
    if not groups:
        return {}
    condition = Q()
    for (frequency, site_id), ids in groups.items():
        window = _window(frequency, today, periods)
        site_q = Q(site_id=site_id) if site_id is not None else Q(site__isnull=True)
        condition |= (
            Q(indicator_id__in=ids, period_start__gte=window[0], period_start__lte=window[-1]) & site_q
        )
    result: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for indicator_id, period, value in (
        Measurement.objects.filter(condition).order_by().values_list("indicator_id", "period_start", "value")
    ):
        result[indicator_id][period] = value
    return result


def build_card(
    indicator: Indicator,
    values: dict[date, Decimal],
    *,
    site: Any,
    today: date,
    periods: int = SERIES_PERIODS,
) -> Card:
    window = _window(indicator.frequency, today, periods)
    aligned = tuple(values.get(period) for period in window)
    last_period = max(values) if values else None
    last_value = values[last_period] if last_period else None
    known = [value for value in aligned if value is not None]
    return Card(
        indicator=indicator,
        site_id=series_site_id(indicator, site),
        periods=window,
        values=aligned,
        last_period=last_period,
        last_value=last_value,
        status=calculations.indicator_status(
            last_value, indicator.target, indicator.alert_threshold, indicator.direction
        ),
        trend=calculations.trend(known, indicator.direction),
        sparkline=calculations.sparkline_points(list(aligned)),
    )


def dashboard_indicators(
    user: Any, *, site: Any = None, process: Any = None, domain: str | None = None
) -> list[Indicator]:
    """The active indicators a dashboard shows: on a site's dashboard, the site's indicators and the
    organisation-wide ones kept per site."""
    queryset = indicator_list(user).filter(is_active=True)
    if site is not None:
        queryset = queryset.filter(Q(site=site) | Q(site__isnull=True, is_split_by_site=True))
    if process is not None:
        queryset = queryset.filter(process=process)
    if domain:
        queryset = queryset.filter(domain=domain)
    return list(queryset.order_by("domain", "code"))


def dashboard_cards(
    user: Any,
    site: Any = None,
    process: Any = None,
    domain: str | None = None,
    *,
    today: date | None = None,
    indicators: list[Indicator] | None = None,
) -> list[Card]:
    """One card per visible active indicator (ordered by domain then code), in two queries."""
    today = today or timezone.localdate()
    if indicators is None:
        indicators = dashboard_indicators(user, site=site, process=process, domain=domain)
    values = series_values(indicators, site=site, today=today)
    return [
        build_card(indicator, values.get(indicator.pk, {}), site=site, today=today)
        for indicator in indicators
    ]


def cards_by_domain(cards: list[Card]) -> list[tuple[str, str, list[Card]]]:
    """(domain, label, cards) in the order of the domains, empty domains left out."""
    grouped: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        grouped[card.indicator.domain].append(card)
    return [(value, str(label), grouped[value]) for value, label in Domain.choices if grouped.get(value)]


@dataclass(frozen=True)
class SeriesPoint:
    period: date
    value: Decimal | None
    measurement: Measurement | None


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: Indicator
    site_id: int | None
    points: tuple[SeriesPoint, ...]  # oldest first
    status: str
    trend: calculations.TrendResult
    last_value: Decimal | None
    last_period: date | None
    extra: dict = field(default_factory=dict)


def indicator_series(
    user: Any, indicator: Indicator, *, site: Any = None, periods: int = 24, today: date | None = None
) -> IndicatorSeries:
    """The last ``periods`` periods of the indicator's series (its site, the chosen site when split,
    or the organisation), with the measurements themselves, in one query."""
    today = today or timezone.localdate()
    site_id = series_site_id(indicator, site)
    window = _window(indicator.frequency, today, periods)
    measurements = {
        m.period_start: m
        for m in Measurement.objects.filter(
            indicator=indicator,
            period_start__gte=window[0],
            period_start__lte=window[-1],
            **({"site_id": site_id} if site_id is not None else {"site__isnull": True}),
        ).select_related("entered_by")
    }
    points = tuple(
        SeriesPoint(
            period, measurements[period].value if period in measurements else None, measurements.get(period)
        )
        for period in window
    )
    known = [point for point in points if point.value is not None]
    last = known[-1] if known else None
    return IndicatorSeries(
        indicator=indicator,
        site_id=site_id,
        points=points,
        status=calculations.indicator_status(
            last.value if last else None, indicator.target, indicator.alert_threshold, indicator.direction
        ),
        trend=calculations.trend([point.value for point in known], indicator.direction),
        last_value=last.value if last else None,
        last_period=last.period if last else None,
    )


# --- Objectives --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveLine:
    objective: Objective
    current_value: Decimal | None
    progress: float | None
    status: str  # traffic light of the current value against the objective's target
    gaps: tuple[str, ...]
    children: tuple[ObjectiveLine, ...] = ()


def _objective_line(
    objective: Objective, values: dict[int, dict[date, Decimal]], today: date, children: tuple = ()
) -> ObjectiveLine:
    from .services import objective_smart_gaps

    current = None
    if objective.indicator_id and values.get(objective.indicator_id):
        series = values[objective.indicator_id]
        current = series[max(series)]
    direction = objective.indicator.direction if objective.indicator_id else "higher_is_better"
    alert = objective.indicator.alert_threshold if objective.indicator_id else None
    return ObjectiveLine(
        objective=objective,
        current_value=current,
        progress=calculations.objective_progress(
            objective.baseline_value,
            current,
            objective.target_value,
            direction if objective.indicator_id else None,
        ),
        status=calculations.indicator_status(current, objective.target_value, alert, direction),
        gaps=tuple(objective_smart_gaps(objective, today)),
        children=children,
    )


def objective_lines(objectives: list[Objective], *, today: date) -> dict[int, ObjectiveLine]:
    """Lines (progress from the linked indicator's last value, SMART gaps) of ``objectives``, reading
    the indicators' values in one query."""
    indicators = {o.indicator_id: o.indicator for o in objectives if o.indicator_id}
    by_site: dict[int | None, list[Indicator]] = defaultdict(list)
    for objective in objectives:
        if objective.indicator_id:
            by_site[objective.site_id].append(objective.indicator)
    values: dict[int, dict[date, Decimal]] = {}
    if indicators:
        # The objective's site chooses the series of an indicator split by site; most objectives
        # share the organisation's series, so this is usually one query.
        for site_id, items in by_site.items():
            fetched = series_values(list({i.pk: i for i in items}.values()), site=site_id, today=today)
            for key, series in fetched.items():
                values.setdefault(key, series)
    return {objective.pk: _objective_line(objective, values, today) for objective in objectives}


@dataclass(frozen=True)
class ObjectiveTree:
    policy: Policy | None
    strategic: tuple[ObjectiveLine, ...]
    unattached: tuple[ObjectiveLine, ...]  # process objectives under no strategic objective


def objective_tree(
    user: Any, *, policy: Policy | None = None, process: Any = None, today: date | None = None
) -> ObjectiveTree:
    """Policy → strategic objectives → process objectives, with progress and SMART gaps."""
    today = today or timezone.localdate()
    queryset = objective_list(user)
    if policy is not None:
        queryset = queryset.filter(Q(policy=policy) | Q(parent__policy=policy))
    if process is not None:
        queryset = queryset.filter(Q(process=process) | Q(children__process=process)).distinct()
    objectives = list(queryset.order_by("reference"))
    lines = objective_lines(objectives, today=today)
    children: dict[int, list[ObjectiveLine]] = defaultdict(list)
    unattached = []
    strategic_ids = {o.pk for o in objectives if o.level == ObjectiveLevel.STRATEGIC}
    for objective in objectives:
        if objective.level == ObjectiveLevel.PROCESS:
            if objective.parent_id in strategic_ids:
                children[objective.parent_id].append(lines[objective.pk])
            else:
                unattached.append(lines[objective.pk])
    strategic = tuple(
        ObjectiveLine(**{**lines[o.pk].__dict__, "children": tuple(children[o.pk])})
        for o in objectives
        if o.level == ObjectiveLevel.STRATEGIC
    )
    return ObjectiveTree(policy=policy, strategic=strategic, unattached=tuple(unattached))


# --- Search ------------------------------------------------------------------------------------


def indicator_search(user: Any, query: str, limit: int) -> list[Indicator]:
    return list(indicator_list(user).filter(Q(code__icontains=query) | Q(name__icontains=query))[:limit])


def objective_search(user: Any, query: str, limit: int) -> list[Objective]:
    return list(
        objective_list(user).filter(Q(reference__icontains=query) | Q(title__icontains=query))[:limit]
    )

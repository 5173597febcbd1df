"""Reads of the energy module, scoped to the user's sites and aggregated in the database.

Totals by site and carrier count the **main meters** only (no parent): a sub-meter's consumption
is already inside its parent's. The breakdown by use takes each meter's net consumption (its own
minus its sub-meters'), so that every kWh is counted once. Emissions are computed from the kWh of
each carrier and month with the factor valid that month, so that a corrected factor changes every
figure at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from qsse.core.permissions import scope_queryset, user_site_ids

from . import calculations
from .choices import EmissionScope, EnergyUse, IndicatorKind
from .models import (
    Consumption,
    EmissionFactor,
    EnergyCarrier,
    EnergyIndicator,
    Meter,
    RelevantVariable,
    SavingsLever,
    VariableValue,
)

# --- Lists ---------------------------------------------------------------------------------------


def carrier_list() -> QuerySet[EnergyCarrier]:
    return EnergyCarrier.objects.prefetch_related("emission_factors")


def meter_list(user: Any) -> QuerySet[Meter]:
    return scope_queryset(
        user, Meter.objects.select_related("site", "carrier", "parent", "responsible")
    ).annotate(record_count=Count("consumptions"))


def consumption_list(user: Any) -> QuerySet[Consumption]:
    return scope_queryset(user, Consumption.objects.select_related("meter__site", "meter__carrier"))


def variable_list(user: Any) -> QuerySet[RelevantVariable]:
    return scope_queryset(user, RelevantVariable.objects.select_related("site", "responsible"))


def indicator_list(user: Any) -> QuerySet[EnergyIndicator]:
    return scope_queryset(
        user, EnergyIndicator.objects.select_related("site", "carrier", "variable", "responsible")
    )


def lever_list(user: Any) -> QuerySet[SavingsLever]:
    return scope_queryset(
        user, SavingsLever.objects.select_related("site", "carrier", "action", "responsible")
    )


# --- Emission factors ----------------------------------------------------------------------------


class FactorTable:
    """Every emission factor, looked up by carrier and day (latest ``valid_from`` ≤ day)."""

    def __init__(self, factors: list[EmissionFactor] | None = None) -> None:
        if factors is None:
            factors = list(EmissionFactor.objects.order_by("carrier_id", "valid_from"))
        self._by_carrier: dict[int, list[EmissionFactor]] = defaultdict(list)
        for factor in sorted(factors, key=lambda f: (f.carrier_id, f.valid_from)):
            self._by_carrier[factor.carrier_id].append(factor)

    def on(self, carrier_id: int, day: date) -> EmissionFactor | None:
        factors = self._by_carrier.get(carrier_id, [])
        index = bisect_right([f.valid_from for f in factors], day)
        return factors[index - 1] if index else None


def factor_on(carrier_id: int, day: date) -> EmissionFactor | None:
    return (
        EmissionFactor.objects.filter(carrier_id=carrier_id, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


# --- Consumption summaries -----------------------------------------------------------------------


def _scoped_site_ids(user: Any | None, site_ids: frozenset[int] | None) -> frozenset[int] | None:
    """Sites to read: the user's sites (None = all) intersected with the requested ones."""
    allowed = user_site_ids(user) if user is not None else None
    if allowed is None:
        return site_ids
    if site_ids is None:
        return allowed
    return allowed & site_ids


def _records(
    user: Any | None, start: date, end: date, site_ids: frozenset[int] | None
) -> QuerySet[Consumption]:
    """Records counting in the months [start, end) of the sites, restricted to the user's sites
    (``user`` None: every site, for indicator sources and reviews that pass the sites)."""
    queryset = Consumption.objects.filter(month__gte=start, month__lt=end)
    if user is not None:
        queryset = scope_queryset(user, queryset)
    if site_ids is not None:
        queryset = queryset.filter(meter__site_id__in=site_ids)
    return queryset


@dataclass
class CarrierRow:
    carrier: EnergyCarrier
    kwh: float = 0.0
    quantity: float = 0.0
    cost: float | None = None
    kg_co2e: float = 0.0
    has_factor: bool = True
    factors_to_verify: bool = False

    @property
    def cost_per_kwh(self) -> float | None:
        return self.cost / self.kwh if self.cost is not None and self.kwh else None

    @property
    def tco2e(self) -> float:
        return self.kg_co2e / 1000.0


@dataclass
class Summary:
    start: date
    end: date
    months: list[date]
    carriers: list[CarrierRow] = field(default_factory=list)
    # carrier id → kWh per month (same order as ``months``)
    monthly: dict[int, list[float]] = field(default_factory=dict)
    monthly_cost: list[float] = field(default_factory=list)

    @property
    def kwh(self) -> float:
        return sum(row.kwh for row in self.carriers)

    @property
    def cost(self) -> float | None:
        costs = [row.cost for row in self.carriers if row.cost is not None]
        return sum(costs) if costs else None

    @property
    def cost_per_kwh(self) -> float | None:
        cost = self.cost
        return cost / self.kwh if cost is not None and self.kwh else None

    @property
    def tco2e(self) -> float:
        return sum(row.kg_co2e for row in self.carriers) / 1000.0

    def tco2e_scope(self, scope: str) -> float:
        return sum(row.kg_co2e for row in self.carriers if row.carrier.scope == scope) / 1000.0

    @property
    def scope_1(self) -> float:
        return self.tco2e_scope(EmissionScope.SCOPE_1)

    @property
    def scope_2(self) -> float:
        return self.tco2e_scope(EmissionScope.SCOPE_2)

    @property
    def missing_factor(self) -> bool:
        return any(not row.has_factor and row.kwh for row in self.carriers)


def summary(user: Any | None, start: date, end: date, site_ids: frozenset[int] | None = None) -> Summary:
    """kWh, quantity, cost and CO₂e by carrier over the months [start, end), main meters only,
    and kWh by carrier and month. One grouped query; factors looked up in memory."""
    months = calculations.months_between(start, calculations.add_months(end, -1)) if end > start else []
    result = Summary(start=start, end=end, months=months)
    rows = (
        _records(user, start, end, site_ids)
        .filter(meter__parent__isnull=True)
        .values("meter__carrier_id", "month")
        .annotate(
            kwh_sum=Sum("kwh"), quantity_sum=Sum("quantity"), cost_sum=Sum("cost"), costed=Count("cost")
        )
        .order_by()
    )
    carriers = {carrier.pk: carrier for carrier in EnergyCarrier.objects.all()}
    factors = FactorTable()
    by_carrier: dict[int, CarrierRow] = {}
    month_index = {month: i for i, month in enumerate(months)}
    monthly_cost = [0.0] * len(months)
    for row in rows:
        carrier = carriers[row["meter__carrier_id"]]
        line = by_carrier.setdefault(carrier.pk, CarrierRow(carrier))
        kwh = float(row["kwh_sum"] or 0)
        line.kwh += kwh
        line.quantity += float(row["quantity_sum"] or 0)
        if row["costed"]:
            line.cost = (line.cost or 0.0) + float(row["cost_sum"] or 0)
            if row["month"] in month_index:
                monthly_cost[month_index[row["month"]]] += float(row["cost_sum"] or 0)
        factor = factors.on(carrier.pk, row["month"])
        if factor is None:
            line.has_factor = False
        else:
            line.kg_co2e += kwh * float(factor.kg_co2e_per_kwh)
            line.factors_to_verify = line.factors_to_verify or factor.to_verify
        series = result.monthly.setdefault(carrier.pk, [0.0] * len(months))
        if row["month"] in month_index:
            series[month_index[row["month"]]] += kwh
    result.carriers = sorted(by_carrier.values(), key=lambda line: (line.carrier.order, line.carrier.name_fr))
    result.monthly_cost = monthly_cost
    return result


def yearly_emissions(
    user: Any | None, years: list[int], site_ids: frozenset[int] | None = None
) -> list[dict[str, Any]]:
    """tCO₂e of scope 1 and 2 and MWh for each year."""
    rows = []
    for year in years:
        data = summary(user, date(year, 1, 1), date(year + 1, 1, 1), site_ids)
        rows.append(
            {
                "year": year,
                "scope_1": data.scope_1,
                "scope_2": data.scope_2,
                "total": data.tco2e,
                "mwh": data.kwh / 1000,
            }
        )
    return rows


# --- Uses and significant energy uses ------------------------------------------------------------


@dataclass(frozen=True)
class UseRow:
    use: str
    label: str
    kwh: float
    share: float
    cumulative: float
    is_significant: bool


def uses(
    user: Any | None, start: date, end: date, site_ids: frozenset[int] | None, threshold_percent: float
) -> tuple[list[UseRow], list[str]]:
    """Net kWh by use over [start, end) (each meter's own minus its sub-meters'), ranked with the
    significant uses (Pareto at ``threshold_percent``), and the names of meters whose sub-meters
    read more than they do (an inconsistency to check)."""
    per_meter = dict(
        _records(user, start, end, site_ids).values_list("meter_id").annotate(total=Sum("kwh")).order_by()
    )
    # Every meter of the sites concerned (a few hundred at most), so that parents and sub-meters
    # without records in the period are known too.
    sites = Meter.objects.filter(pk__in=list(per_meter)).values("site_id")
    meter_rows = {
        m.pk: m for m in Meter.objects.filter(site_id__in=sites).only("pk", "parent_id", "use", "name")
    }
    parents: dict[int, int | None] = {pk: m.parent_id for pk, m in meter_rows.items()}
    net = calculations.net_by_meter(parents, {pk: Decimal(kwh or 0) for pk, kwh in per_meter.items()})
    by_use: dict[str, float] = defaultdict(float)
    inconsistent = []
    for pk, kwh in net.items():
        meter = meter_rows.get(pk)
        if meter is None:
            continue
        if kwh < 0:
            inconsistent.append(meter.name)
        by_use[meter.use] += float(kwh)
    ranked = calculations.significant_uses(dict(by_use), threshold_percent)
    labels = dict(EnergyUse.choices)
    rows = [
        UseRow(
            row.key, str(labels.get(row.key, row.key)), row.kwh, row.share, row.cumulative, row.is_significant
        )
        for row in ranked
    ]
    return rows, sorted(inconsistent)


# --- EnPIs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    month: date
    kwh: float | None
    variable: float | None


def _indicator_meter_ids(indicator: EnergyIndicator) -> list[int]:
    """The meters an EnPI counts (a few per site)."""
    meters = Meter.objects.filter(site_id=indicator.site_id)
    if indicator.carrier_id:
        meters = meters.filter(carrier_id=indicator.carrier_id)
    if indicator.use:
        # The meters of that use, except sub-meters of a meter of the same use (counted in it).
        meters = meters.filter(use=indicator.use).exclude(parent__use=indicator.use)
    else:
        meters = meters.filter(parent__isnull=True)
    return list(meters.values_list("pk", flat=True))


def _monthly_kwh(meter_ids: Iterable[int], start: date, end: date) -> dict[tuple[int, date], Decimal]:
    """kWh by (meter, month) over [start, end) for these meters, in one query."""
    rows = (
        Consumption.objects.filter(meter_id__in=list(meter_ids), month__gte=start, month__lt=end)
        .values_list("meter_id", "month")
        .annotate(total=Sum("kwh"))
        .order_by()
    )
    return {(meter_id, month): total for meter_id, month, total in rows}


def indicator_points(
    indicator: EnergyIndicator,
    start: date,
    end: date,
    *,
    monthly_kwh: dict[tuple[int, date], Decimal] | None = None,
    meter_ids: list[int] | None = None,
) -> list[Point]:
    """kWh and value of the variable for each month of [start, end) (None where nothing is known).

    ``monthly_kwh`` and ``meter_ids`` (from ``indicator_reports``) spare the query of the records when
    several EnPIs are shown together."""
    months = calculations.months_between(start, calculations.add_months(end, -1)) if end > start else []
    if meter_ids is None:
        meter_ids = _indicator_meter_ids(indicator)
    if monthly_kwh is None:
        monthly_kwh = _monthly_kwh(meter_ids, start, end)
    counted = set(meter_ids)
    kwh: dict[date, Decimal] = {}
    for (meter_id, month), total in monthly_kwh.items():
        if meter_id in counted and total is not None:
            kwh[month] = kwh.get(month, Decimal(0)) + Decimal(total)
    values = dict(
        VariableValue.objects.filter(
            variable_id=indicator.variable_id, month__gte=start, month__lt=end
        ).values_list("month", "value")
    )
    return [
        Point(
            month,
            float(kwh[month]) if month in kwh else None,
            float(values[month]) if month in values else None,
        )
        for month in months
    ]


def indicator_model(indicator: EnergyIndicator) -> calculations.Regression | None:
    if indicator.intercept is None or indicator.slope is None:
        return None
    return calculations.Regression(
        indicator.intercept, indicator.slope, indicator.r_squared or 0.0, indicator.baseline_points
    )


@dataclass(frozen=True)
class IndicatorRow:
    month: date
    kwh: float | None
    variable: float | None
    enpi: float | None  # kWh per unit of the variable
    expected_kwh: float | None  # the baseline adjusted to the month's variable
    baseline_enpi: float | None  # expected / variable: the EnPI of the baseline for that month

    @property
    def savings_kwh(self) -> float | None:
        if self.expected_kwh is None or self.kwh is None:
            return None
        return self.expected_kwh - self.kwh


@dataclass
class IndicatorReport:
    indicator: EnergyIndicator
    rows: list[IndicatorRow]
    savings: calculations.Savings | None

    @property
    def enpi(self) -> float | None:
        total_kwh = sum(r.kwh for r in self.rows if r.kwh is not None and r.variable is not None)
        total_var = sum(r.variable for r in self.rows if r.kwh is not None and r.variable is not None)
        return calculations.ratio(total_kwh, total_var)


def indicator_reports(indicators: Iterable[EnergyIndicator], start: date, end: date) -> list[IndicatorReport]:
    """The reports of several EnPIs (the energy review): their records read in one query."""
    indicators = list(indicators)
    meter_ids = {indicator.pk: _indicator_meter_ids(indicator) for indicator in indicators}
    monthly = _monthly_kwh({pk for ids in meter_ids.values() for pk in ids}, start, end)
    return [
        indicator_report(indicator, start, end, monthly_kwh=monthly, meter_ids=meter_ids[indicator.pk])
        for indicator in indicators
    ]


def indicator_report(
    indicator: EnergyIndicator,
    start: date,
    end: date,
    *,
    monthly_kwh: dict[tuple[int, date], Decimal] | None = None,
    meter_ids: list[int] | None = None,
) -> IndicatorReport:
    """Month by month over [start, end): kWh, variable, EnPI, the baseline adjusted to the month's
    variable, and the normalised savings over the months where both are known."""
    model = indicator_model(indicator)
    rows = []
    expected_total, actual_total = [], []
    points = indicator_points(indicator, start, end, monthly_kwh=monthly_kwh, meter_ids=meter_ids)
    for point in points:
        expected = calculations.expected_kwh(
            kind=indicator.kind, variable=point.variable, baseline_ratio=indicator.baseline_ratio, model=model
        )
        enpi = (
            calculations.ratio(point.kwh, point.variable)
            if point.kwh is not None and point.variable
            else None
        )
        baseline_enpi = (
            calculations.ratio(expected, point.variable) if expected is not None and point.variable else None
        )
        rows.append(IndicatorRow(point.month, point.kwh, point.variable, enpi, expected, baseline_enpi))
        if expected is not None and point.kwh is not None:
            expected_total.append(expected)
            actual_total.append(point.kwh)
    savings = calculations.normalised_savings(expected_total, actual_total) if expected_total else None
    return IndicatorReport(indicator, rows, savings)


def savings_of_indicators(
    indicators: QuerySet[EnergyIndicator], start: date, end: date
) -> calculations.Savings | None:
    """Normalised savings of several EnPIs summed (expected and actual kWh added up)."""
    expected, actual = [], []
    for indicator in indicators:
        report = indicator_report(indicator, start, end)
        if report.savings is not None:
            expected.append(report.savings.expected_kwh)
            actual.append(report.savings.actual_kwh)
    return calculations.normalised_savings(expected, actual) if expected else None


def active_indicators(site_ids: frozenset[int] | None) -> QuerySet[EnergyIndicator]:
    queryset = EnergyIndicator.objects.filter(is_active=True).select_related("variable")
    if site_ids is not None:
        queryset = queryset.filter(site_id__in=site_ids)
    return queryset


def lever_totals(user: Any) -> dict[str, Any]:
    return (
        lever_list(user)
        .exclude(status="rejected")
        .aggregate(
            kwh=Sum("estimated_kwh"),
            eur=Sum("estimated_cost_saving"),
            tco2e=Sum("estimated_tco2e"),
            count=Count("pk"),
        )
    )


def search(user: Any, query: str, limit: int) -> list[Any]:
    from qsse.core.registry import SearchResult

    results = []
    for meter in meter_list(user).filter(Q(name__icontains=query) | Q(identifier__icontains=query))[:limit]:
        results.append(
            SearchResult(
                meter.identifier or "", meter.name, meter.get_absolute_url(), str(Meter._meta.verbose_name)
            )
        )
    for lever in lever_list(user).filter(title__icontains=query)[: max(limit - len(results), 0)]:
        results.append(
            SearchResult("", lever.title, lever.get_absolute_url(), str(SavingsLever._meta.verbose_name))
        )
    return results


def is_regression(indicator: EnergyIndicator) -> bool:
    return indicator.kind == IndicatorKind.REGRESSION

"""Energy and greenhouse-gas arithmetic: pure functions, no Django.

- Conversion to kWh (PCI, net calorific value): quantity in the unit the invoice or the meter gives
  × the carrier's kWh per unit (``data/energy_carriers.yaml`` gives the factors and their sources).
- CO₂e: kWh × emission factor (kgCO₂e per kWh PCI); reported in tonnes.
- EnPIs (ISO 50001 §6.4, ISO 50006): a ratio (kWh per unit of a relevant variable) or a linear
  model kWh = a + b × variable fitted by least squares on the baseline period, with its R².
- Normalised savings (ISO 50006 / IPMVP "avoided energy"): what the baseline model predicts for
  the conditions of the reporting period minus what was consumed.
- Significant energy uses: the uses that, sorted by consumption, together make a chosen share of
  the total (Pareto).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

KWH_PLACES = Decimal("0.001")
KG_PLACES = Decimal("0.001")


def to_kwh(quantity: Decimal, kwh_per_unit: Decimal) -> Decimal:
    """kWh (PCI) of ``quantity`` expressed in a unit worth ``kwh_per_unit`` kWh, to 0.001 kWh."""
    return (Decimal(quantity) * Decimal(kwh_per_unit)).quantize(KWH_PLACES, rounding=ROUND_HALF_UP)


def kg_co2e(kwh: Decimal, kg_per_kwh: Decimal) -> Decimal:
    """kgCO₂e emitted by ``kwh`` with an emission factor in kgCO₂e per kWh, to 0.001 kg."""
    return (Decimal(kwh) * Decimal(kg_per_kwh)).quantize(KG_PLACES, rounding=ROUND_HALF_UP)


def consumption_from_index(
    index_start: Decimal, index_end: Decimal, multiplier: Decimal = Decimal(1)
) -> Decimal:
    """Consumption between two readings of a meter: (end − start) × multiplier (the meter's
    constant, e.g. a current-transformer ratio). Raises ValueError when the end index is lower
    than the start index (a meter replaced or rolled over is entered as two records)."""
    if index_end < index_start:
        raise ValueError("index_end < index_start")
    return (Decimal(index_end) - Decimal(index_start)) * Decimal(multiplier)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """First day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of the months from the month of ``start`` to the month of ``end``, both included."""
    months = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def reference_month(period_start: date, period_end: date) -> date:
    """The month a consumption record counts in: the month holding most days of the period
    [period_start, period_end] (both included); on a tie, the earlier month.

    An invoice of 28 January – 27 February counts in February (27 days against 4)."""
    if period_end < period_start:
        raise ValueError("period_end < period_start")
    days: dict[date, int] = {}
    day = period_start
    while day <= period_end:
        key = month_start(day)
        days[key] = days.get(key, 0) + 1
        day += timedelta(days=1)
    return max(days, key=lambda month: (days[month], -month.toordinal()))


def cost_per_kwh(cost: Decimal | None, kwh: Decimal | None) -> Decimal | None:
    """€ per kWh to 0.0001 €, or None when no cost or no consumption."""
    if cost is None or not kwh:
        return None
    return (Decimal(cost) / Decimal(kwh)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# --- Sub-metering --------------------------------------------------------------------------------


def net_by_meter(parents: Mapping[int, int | None], consumption: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """What each meter measures that none of its sub-meters does: own − Σ children's own.

    ``parents`` maps every meter to its parent (None for a main meter); ``consumption`` gives the
    kWh of each meter over the period (missing = 0). A negative net (sub-meters reading more than
    their parent) is kept as it is so that the page can show the inconsistency.
    """
    children_total: dict[int, Decimal] = {}
    for meter, parent in parents.items():
        if parent is not None:
            children_total[parent] = children_total.get(parent, Decimal(0)) + consumption.get(
                meter, Decimal(0)
            )
    return {
        meter: consumption.get(meter, Decimal(0)) - children_total.get(meter, Decimal(0)) for meter in parents
    }


# --- Significant energy uses (Pareto) ------------------------------------------------------------


@dataclass(frozen=True)
class ParetoRow:
    key: str
    kwh: float
    share: float  # % of the total
    cumulative: float  # % of the total, this use included
    is_significant: bool


def significant_uses(consumption: Mapping[str, float], cumulative_percent: float) -> list[ParetoRow]:
    """Uses sorted by consumption (largest first; ties by key); significant are the largest uses
    that together reach ``cumulative_percent`` % of the total: each use whose preceding cumulative
    share is still below the threshold (so the use that crosses it is significant too).

    Example: {process 600, heating 250, air 100, lighting 50} at 80 % → process (60 %) and heating
    (60 → 85 %) are significant; compressed air (95 %) and lighting (100 %) are not."""
    total = sum(value for value in consumption.values() if value > 0)
    ordered = sorted(consumption.items(), key=lambda item: (-item[1], item[0]))
    rows = []
    cumulative = 0.0
    for key, kwh in ordered:
        share = 100.0 * kwh / total if total > 0 and kwh > 0 else 0.0
        is_significant = kwh > 0 and cumulative < cumulative_percent
        cumulative += share
        rows.append(ParetoRow(key, float(kwh), share, min(cumulative, 100.0), is_significant))
    return rows


# --- Energy performance indicators ---------------------------------------------------------------


@dataclass(frozen=True)
class Regression:
    """kWh = intercept + slope × variable, fitted by ordinary least squares on ``n`` points."""

    intercept: float
    slope: float
    r_squared: float
    n: int

    def predict(self, variable: float) -> float:
        return self.intercept + self.slope * variable


def linear_regression(xs: Sequence[float], ys: Sequence[float]) -> Regression:
    """Least-squares line through the points (x = relevant variable, y = kWh) and its R²
    (1 − SSres/SStot; 1.0 when every y is equal and the line passes through them).

    Raises ValueError with fewer than 3 points or when every x is equal (no slope to fit)."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    n = len(xs)
    if n < 3:
        raise ValueError("at least 3 points are needed")
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        raise ValueError("the variable does not vary")
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    ss_tot = sum((y - mean_y) ** 2 for y in ys)
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    r_squared = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    return Regression(intercept, slope, r_squared, n)


def ratio(kwh: float, variable: float) -> float | None:
    """kWh per unit of the variable, or None when the variable is zero."""
    if not variable:
        return None
    return kwh / variable


@dataclass(frozen=True)
class Savings:
    expected_kwh: float  # what the baseline predicts for the reporting period's conditions
    actual_kwh: float
    savings_kwh: float  # expected − actual (positive: energy saved)
    savings_percent: float | None  # savings / expected × 100


def normalised_savings(expected: Iterable[float], actual: Iterable[float]) -> Savings:
    """Sum the expected (baseline-adjusted) and actual consumption of the periods compared and
    return the avoided energy: Σ expected − Σ actual, and its share of Σ expected."""
    expected_total = float(sum(expected))
    actual_total = float(sum(actual))
    savings = expected_total - actual_total
    percent = 100.0 * savings / expected_total if expected_total else None
    return Savings(expected_total, actual_total, savings, percent)


def expected_kwh(
    *, kind: str, variable: float | None, baseline_ratio: float | None, model: Regression | None
) -> float | None:
    """Baseline consumption adjusted to the value of the variable: ratio × variable for a ratio
    EnPI, a + b × variable for a regression model; None when it cannot be computed."""
    if variable is None:
        return None
    if kind == "regression" and model is not None:
        return model.predict(variable)
    if kind == "ratio" and baseline_ratio is not None:
        return baseline_ratio * variable
    return None


def tonnes(kg: Decimal | float | None) -> float:
    return float(kg or 0) / 1000.0

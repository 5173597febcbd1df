"""Pure calculations of the indicators module: traffic lights, trends, progress, periods, SMART gaps.

No Django import: plain values in, plain values or frozen dataclasses out; ``today`` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

Number = int | float | Decimal
StatusCode = Literal["on_target", "alert", "off_target", "no_data"]
TrendLabel = Literal["improving", "stable", "worsening", "unknown"]

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}


def indicator_status(
    value: Number | None, target: Number | None, alert: Number | None, direction: str
) -> StatusCode:
    """Traffic light of ``value``.

    Higher is better: value ≥ target → "on_target"; else value ≥ alert → "alert"; else "off_target".
    Lower is better, mirrored: value ≤ target → "on_target"; else value ≤ alert → "alert"; else
    "off_target". Without a value or a target: "no_data". Without an alert threshold a value that
    misses the target is "off_target" at once.
    """
    if value is None or target is None:
        return "no_data"
    if direction == LOWER_IS_BETTER:
        if value <= target:
            return "on_target"
        if alert is not None and value <= alert:
            return "alert"
        return "off_target"
    if value >= target:
        return "on_target"
    if alert is not None and value >= alert:
        return "alert"
    return "off_target"


@dataclass(frozen=True)
class TrendResult:
    slope: float | None  # change of the value per period (least squares), None below 2 values
    label: TrendLabel


def least_squares_slope(values: list[Number]) -> float | None:
    """Slope of the least-squares line through (0, v0), (1, v1)…; None below two values.

    slope = Σ (x − x̄)(y − ȳ) / Σ (x − x̄)²
    """
    n = len(values)
    if n < 2:
        return None
    ys = [float(v) for v in values]
    x_mean = (n - 1) / 2
    y_mean = sum(ys) / n
    numerator = sum((x - x_mean) * (y - y_mean) for x, y in enumerate(ys))
    denominator = sum((x - x_mean) ** 2 for x in range(n))
    return numerator / denominator


def trend(values: list[Number], direction: str = HIGHER_IS_BETTER, tolerance: float = 0.01) -> TrendResult:
    """Least-squares slope of ``values`` (oldest first, one per period) and its meaning.

    "stable" when the change the slope makes over the series (slope × (n − 1)) stays within
    ``tolerance`` × the mean absolute value (1 % by default); otherwise "improving" when it goes the
    way of ``direction``, "worsening" when not. Fewer than 3 values: "unknown" (with the slope of two).
    """
    slope = least_squares_slope(values)
    if slope is None or len(values) < 3:
        return TrendResult(slope, "unknown")
    scale = sum(abs(float(v)) for v in values) / len(values)
    change = slope * (len(values) - 1)
    if abs(change) <= tolerance * scale or change == 0:
        return TrendResult(slope, "stable")
    rising = change > 0
    better = rising if direction != LOWER_IS_BETTER else not rising
    return TrendResult(slope, "improving" if better else "worsening")


def objective_progress(
    baseline: Number | None, current: Number | None, target: Number | None, direction: str | None = None
) -> float | None:
    """Share of the way from ``baseline`` to ``target`` covered by ``current``, in % (0–100 clipped).

    progress = (current − baseline) / (target − baseline) × 100; works both ways (a decrease or an
    increase is sought). None without the three values. When the baseline already meets the target
    in the indicator's ``direction`` (an objective of keeping a level, e.g. stay at or above 95 %), or
    equals it, progress is 100 while the current value meets the target and 0 once it does not.
    """
    if baseline is None or current is None or target is None:
        return None
    baseline_f, current_f, target_f = float(baseline), float(current), float(target)
    sign = -1.0 if direction == LOWER_IS_BETTER else 1.0
    keeping = target_f == baseline_f or (direction is not None and (target_f - baseline_f) * sign <= 0)
    if keeping:
        if direction is None:
            return 100.0 if current_f == target_f else 0.0
        return 100.0 if (current_f - target_f) * sign >= 0 else 0.0
    progress = (current_f - baseline_f) / (target_f - baseline_f) * 100
    return max(0.0, min(100.0, progress))


def period_start(day: date, frequency: str) -> date:
    """First day of the period (month, quarter or year) that contains ``day``."""
    months = MONTHS_PER_PERIOD[frequency]
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def shift_period(start: date, frequency: str, count: int) -> date:
    """The period start ``count`` periods after (negative: before) the period start ``start``."""
    index = start.year * 12 + start.month - 1 + count * MONTHS_PER_PERIOD[frequency]
    return date(index // 12, index % 12 + 1, 1)


def period_starts(start: date, end: date, frequency: str) -> list[date]:
    """Starts of the periods from the one containing ``start`` to the one containing ``end``."""
    if end < start:
        return []
    current = period_start(start, frequency)
    last = period_start(end, frequency)
    result = []
    while current <= last:
        result.append(current)
        current = shift_period(current, frequency, 1)
    return result


@dataclass(frozen=True)
class SmartInput:
    """What the SMART check reads from an objective."""

    title: str
    measurable_statement: str
    has_indicator: bool
    target_value: Number | None
    target_date: date | None
    has_owner: bool
    justification: str
    status: str
    level: str
    has_process: bool


SmartGap = Literal[
    "specific",
    "measurable_statement",
    "indicator",
    "target_value",
    "owner",
    "justification",
    "deadline",
    "deadline_past",
    "process",
]


def smart_gaps(objective: SmartInput, today: date) -> list[SmartGap]:
    """What an objective lacks to be SMART (specific, measurable, achievable, relevant, time-bound).

    Codes, in the order of the acronym: "specific" (title under 10 characters), "measurable_statement",
    "indicator", "target_value", "owner", "justification" (achievable / relevant), "deadline",
    "deadline_past" (an active objective past its deadline), "process" (a process objective without
    its process). An empty list means SMART.
    """
    gaps: list[SmartGap] = []
    if len(objective.title.strip()) < 10:
        gaps.append("specific")
    if not objective.measurable_statement.strip():
        gaps.append("measurable_statement")
    if not objective.has_indicator:
        gaps.append("indicator")
    if objective.target_value is None:
        gaps.append("target_value")
    if not objective.has_owner:
        gaps.append("owner")
    if not objective.justification.strip():
        gaps.append("justification")
    if objective.target_date is None:
        gaps.append("deadline")
    elif objective.status == "active" and objective.target_date < today:
        gaps.append("deadline_past")
    if objective.level == "process" and not objective.has_process:
        gaps.append("process")
    return gaps


def sparkline_points(values: list[Number | None], width: int = 120, height: int = 32, pad: int = 2) -> str:
    """SVG polyline ``points`` of ``values`` (oldest first) scaled into width × height; gaps skipped."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = []
    for index, value in enumerate(values):
        if value is None:
            continue
        x = pad + index * step
        y = height - pad - (float(value) - low) / span * (height - 2 * pad)
        points.append(f"{x:.1f},{y:.1f}")
    return " ".join(points)

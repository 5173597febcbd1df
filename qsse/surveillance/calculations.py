"""Pure calculations of the surveillance plan: due dates, limits, statuses, ranking, calendar.

No Django import: plain values in and out, ``today`` always passed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

DAY = "day"
WEEK = "week"
MONTH = "month"
YEAR = "year"
UNITS = (DAY, WEEK, MONTH, YEAR)

ON_TIME = "on_time"
DUE_SOON = "due_soon"
OVERDUE = "overdue"

Number = int | float | Decimal


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; a day past the end of the target month falls on
    its last day (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _shift(anchor: date, unit: str, steps: int) -> date:
    if unit == DAY:
        return anchor + timedelta(days=steps)
    if unit == WEEK:
        return anchor + timedelta(weeks=steps)
    if unit == MONTH:
        return add_months(anchor, steps)
    if unit == YEAR:
        return add_months(anchor, 12 * steps)
    raise ValueError(f"Unknown interval unit {unit!r}")


def next_due_date(last_done: date, unit: str, count: int) -> date:
    """The date the next control is due when the last one was done on ``last_done`` and the control
    repeats every ``count`` ``unit`` (day, week, month, year)."""
    if count < 1:
        raise ValueError("The interval count must be at least 1")
    return _shift(last_done, unit, count)


def is_within_limits(value: Number, minimum: Number | None, maximum: Number | None) -> bool:
    """Whether ``value`` lies between the limits, both included; a missing limit does not bound."""
    if minimum is not None and value < minimum:
        return False
    return not (maximum is not None and value > maximum)


def control_status(next_due_on: date, today: date, tolerance_days: int) -> str:
    """``overdue`` when the due date is past, ``due_soon`` when it falls within ``tolerance_days``
    from today (included), ``on_time`` otherwise."""
    if next_due_on < today:
        return OVERDUE
    if next_due_on <= today + timedelta(days=tolerance_days):
        return DUE_SOON
    return ON_TIME


@dataclass(frozen=True)
class RankedRisk:
    key: str  # any identifier of the record
    label: str
    score: int | None
    severity: int = 0  # tie-breaker: the gravity (or level rank) of the risk


def risk_ranking(items: Iterable[RankedRisk]) -> list[RankedRisk]:
    """The risks from the highest score to the lowest, equal scores by decreasing severity, then by
    label; risks without a score come last."""
    return sorted(
        items,
        key=lambda item: (item.score is None, -(item.score or 0), -item.severity, item.label),
    )


def calendar_occurrences(start: date, end: date, first_due: date, unit: str, count: int) -> list[date]:
    """The due dates of a control repeating every ``count`` ``unit`` from ``first_due`` that fall in
    the window [start, end] (both included). Months are counted from ``first_due`` so that a control
    due on the 31st stays on the last day of short months without drifting."""
    if count < 1:
        raise ValueError("The interval count must be at least 1")
    dates: list[date] = []
    step = 0
    while True:
        day = _shift(first_due, unit, step * count)
        if day > end:
            return dates
        if day >= start:
            dates.append(day)
        step += 1


def within_limits_rate(within: int, total: int) -> float | None:
    """Share of the results within limits, in percent with one decimal; None without results."""
    if total == 0:
        return None
    return round(100 * within / total, 1)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (#rrggbb), per the WCAG 2.1
    relative luminance formula."""
    value = background.lstrip("#")
    if len(value) != 6:
        return "#000000"
    channels = []
    for index in (0, 2, 4):
        c = int(value[index : index + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    # Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05).
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"

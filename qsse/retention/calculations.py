"""Retention arithmetic: when the retention period of a record ends, and which reference dates are
past it on a given day. Pure functions, no Django.

A period is counted in calendar years and months from a reference date (creation, accident,
departure…). Adding months keeps the day of the month and falls back to the last day of a shorter
month (31 January + 1 month = 28 or 29 February; 29 February 2024 + 1 year = 28 February 2025), as
``dateutil.relativedelta`` and the French civil computation of delays in months do. The end date may
then be rounded up to the end of its month or year ("5 years from the end of the year of…").

The record is kept up to and including its end date: it is past retention from the next day.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Rounding(StrEnum):
    NONE = "none"
    END_OF_MONTH = "end_of_month"
    END_OF_YEAR = "end_of_year"


@dataclass(frozen=True)
class RetentionPeriod:
    years: int = 0
    months: int = 0
    rounding: Rounding = Rounding.NONE

    def __post_init__(self) -> None:
        if self.years < 0 or self.months < 0:
            raise ValueError("A retention period cannot be negative.")

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative goes back), clamped to the last day of
    the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def retention_end(reference: date, period: RetentionPeriod) -> date:
    """The last day the record must (or may) be kept: ``reference`` plus the period, rounded."""
    end = add_months(reference, period.total_months)
    if period.rounding == Rounding.END_OF_MONTH:
        return end_of_month(end)
    if period.rounding == Rounding.END_OF_YEAR:
        return date(end.year, 12, 31)
    return end


def is_past_retention(reference: date, period: RetentionPeriod, today: date) -> bool:
    """Whether a record dated ``reference`` is past its retention on ``today`` (the end date is
    still inside the period)."""
    return today > retention_end(reference, period)


def latest_reference_past_retention(period: RetentionPeriod, today: date) -> date:
    """The latest reference date whose record is past retention on ``today``: a record is past
    retention exactly when its reference date is on or before this day (``retention_end`` never
    decreases when the reference moves later), so the database filters with one comparison.

    Found by bisection between a day surely past (the period plus two years before) and today.
    """
    low = add_months(today, -(period.total_months + 24))  # past retention
    high = today  # not past: retention_end(today) >= today
    if not is_past_retention(low, period, today):  # cannot happen for a non-negative period
        raise ValueError("Inconsistent retention period.")
    while (high - low).days > 1:
        middle = low + timedelta(days=(high - low).days // 2)
        if is_past_retention(middle, period, today):
            low = middle
        else:
            high = middle
    return low


def record_fingerprint(provider_key: str, record_id: object) -> str:
    """A short SHA-256 fingerprint of a record's identity, kept in the purge log instead of any
    personal data: the same record always gives the same fingerprint, so a later question ("was
    record 42 purged?") can be answered without storing what it held."""
    digest = hashlib.sha256(f"{provider_key}:{record_id}".encode()).hexdigest()
    return digest[:16]

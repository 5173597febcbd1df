"""Pure calculations of periodic inspections: due dates, statuses, calendar windows.

No Django import: plain values in and out, ``today`` always passed in.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

UP_TO_DATE = "up_to_date"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
NOT_REQUIRED = "not_required"
OUT_OF_SERVICE = "out_of_service"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; a day past the end of the target month falls on
    its last day (31 January + 1 month = 28 February, or 29 in a leap year)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_due_on(performed_on: date, periodicity_months: int) -> date:
    """The date the next inspection is due when the last one was done on ``performed_on``."""
    if periodicity_months < 1:
        raise ValueError("The periodicity must be at least one month")
    return add_months(performed_on, periodicity_months)


def first_due_on(
    *, last_done_on: date | None, commissioned_on: date | None, periodicity_months: int, today: date
) -> date:
    """The first due date of an inspection added to a piece of equipment: one periodicity after the
    last inspection known, else after commissioning; today when neither is known (nothing proves
    the equipment was ever inspected)."""
    anchor = last_done_on or commissioned_on
    if anchor is None:
        return today
    return next_due_on(anchor, periodicity_months)


def schedule_status(
    next_due: date,
    today: date,
    *,
    window_days: int,
    is_required: bool = True,
    is_in_service: bool = True,
) -> str:
    """``not_required`` or ``out_of_service`` first; then ``overdue`` from the day after the due
    date, ``due_soon`` from ``window_days`` days before it (both ends included: due today is due
    soon, not overdue), ``up_to_date`` otherwise."""
    if not is_required:
        return NOT_REQUIRED
    if not is_in_service:
        return OUT_OF_SERVICE
    if next_due < today:
        return OVERDUE
    if next_due <= today + timedelta(days=window_days):
        return DUE_SOON
    return UP_TO_DATE


def days_overdue(next_due: date, today: date) -> int:
    """Days past the due date (0 when not overdue)."""
    return max((today - next_due).days, 0)


def periodicity_allowed(requested: int, type_periodicity: int, max_periodicity: int | None) -> bool:
    """Whether a line may use ``requested`` months: at most the type's periodicity, or up to the
    longest periodicity the text allows under conditions (``max_periodicity``)."""
    if requested < 1:
        return False
    return requested <= max(type_periodicity, max_periodicity or 0)


def occurrences(start: date, end: date, first_due: date, periodicity_months: int) -> list[date]:
    """The due dates repeating every ``periodicity_months`` from ``first_due`` that fall in
    [start, end] (both included); months are counted from ``first_due`` so a date on the 31st stays
    on the last day of short months without drifting."""
    if periodicity_months < 1:
        raise ValueError("The periodicity must be at least one month")
    found: list[date] = []
    step = 0
    while True:
        day = add_months(first_due, step * periodicity_months)
        if day > end:
            return found
        if day >= start:
            found.append(day)
        step += 1


def month_bounds(first: date) -> tuple[date, date]:
    """The first and last day of the month of ``first``."""
    start = first.replace(day=1)
    return start, add_months(start, 1) - timedelta(days=1)


def month_weeks(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday to Sunday) covering the month, days of the neighbour months included."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)

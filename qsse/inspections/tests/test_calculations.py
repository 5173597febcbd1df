"""Pure calculations: due dates across month ends and leap years, statuses at the boundary days,
calendar occurrences. Worked out by hand from the calendar."""

from datetime import date

import pytest

from qsse.inspections import calculations as calc


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # not a leap year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day + one year
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # four years on: a leap day again
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # forklift VGP from the end of August
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the year end
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_short_months(day, months, expected):
    assert calc.add_months(day, months) == expected


def test_next_due_on_is_performed_on_plus_the_periodicity():
    assert calc.next_due_on(date(2026, 1, 31), 6) == date(2026, 7, 31)
    assert calc.next_due_on(date(2025, 8, 31), 6) == date(2026, 2, 28)
    with pytest.raises(ValueError):
        calc.next_due_on(date(2026, 1, 1), 0)


def test_first_due_on_prefers_the_last_inspection_then_commissioning_then_today():
    today = date(2026, 12, 3)
    assert calc.first_due_on(
        last_done_on=date(2026, 6, 30), commissioned_on=date(2020, 1, 1), periodicity_months=6, today=today
    ) == date(2026, 12, 30)
    assert calc.first_due_on(
        last_done_on=None, commissioned_on=date(2025, 3, 15), periodicity_months=12, today=today
    ) == date(2026, 3, 15)
    assert (
        calc.first_due_on(last_done_on=None, commissioned_on=None, periodicity_months=12, today=today)
        == today
    )


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 12, 2), calc.OVERDUE),  # the day after the due date
        (date(2026, 12, 3), calc.DUE_SOON),  # due today: not overdue yet
        (date(2027, 1, 2), calc.DUE_SOON),  # 30 days on: still in the window
        (date(2027, 1, 3), calc.UP_TO_DATE),  # 31 days on
        (date(2025, 1, 1), calc.OVERDUE),
    ],
)
def test_schedule_status_at_the_boundaries(due, expected):
    assert calc.schedule_status(due, date(2026, 12, 3), window_days=30) == expected


def test_not_required_and_out_of_service_are_never_overdue():
    old = date(2020, 1, 1)
    today = date(2026, 12, 3)
    assert calc.schedule_status(old, today, window_days=30, is_required=False) == calc.NOT_REQUIRED
    assert calc.schedule_status(old, today, window_days=30, is_in_service=False) == calc.OUT_OF_SERVICE


def test_days_overdue():
    assert calc.days_overdue(date(2026, 11, 1), date(2026, 12, 3)) == 32
    assert calc.days_overdue(date(2026, 12, 3), date(2026, 12, 3)) == 0
    assert calc.days_overdue(date(2027, 1, 1), date(2026, 12, 3)) == 0


def test_periodicity_allowed_within_the_adjustment_of_the_text():
    # Electrical installations: 12 months, may be extended to 24 (arrêté du 26 décembre 2011, art. 3).
    assert calc.periodicity_allowed(24, 12, 24)
    assert not calc.periodicity_allowed(25, 12, 24)
    assert calc.periodicity_allowed(6, 12, None)  # more often is always allowed
    assert not calc.periodicity_allowed(13, 12, None)
    assert not calc.periodicity_allowed(0, 12, None)


def test_occurrences_stay_on_month_ends_without_drifting():
    assert calc.occurrences(date(2026, 1, 1), date(2026, 4, 30), date(2026, 1, 31), 1) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert calc.occurrences(date(2026, 2, 1), date(2026, 2, 28), date(2026, 1, 31), 6) == []


def test_month_bounds_and_weeks():
    assert calc.month_bounds(date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    weeks = calc.month_weeks(2026, 12)
    assert weeks[0][0] == date(2026, 11, 30)  # a Monday
    assert weeks[-1][-1] == date(2027, 1, 3)  # a Sunday

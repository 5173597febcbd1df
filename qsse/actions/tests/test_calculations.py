"""Pure computations of the action plan, against hand-worked values (no database)."""

from datetime import date

import pytest

from qsse.actions import calculations as calc

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("due_on", "status", "expected"),
    [
        (date(2026, 3, 9), "planned", True),  # due yesterday, not started
        (date(2026, 3, 9), "in_progress", True),
        (date(2026, 3, 10), "planned", False),  # due today is not late yet
        (date(2026, 3, 11), "in_progress", False),
        (date(2026, 1, 1), "done", False),  # completed actions are never overdue
        (date(2026, 1, 1), "checked", False),
        (date(2026, 1, 1), "cancelled", False),
        (None, "planned", False),
    ],
)
def test_is_overdue(due_on, status, expected):
    assert calc.is_overdue(due_on, status, TODAY) is expected


def test_days_late_of_an_open_action_counts_to_today():
    # 28 Feb -> 10 Mar 2026: 1 day left in February + 10 days of March = 10 days.
    assert calc.days_late(date(2026, 2, 28), TODAY) == 10


def test_days_late_of_a_completed_action_counts_to_completion():
    assert calc.days_late(date(2026, 3, 1), TODAY, completed_on=date(2026, 3, 4)) == 3


def test_days_late_is_never_negative():
    assert calc.days_late(date(2026, 4, 1), TODAY) == 0
    assert calc.days_late(date(2026, 3, 5), TODAY, completed_on=date(2026, 3, 2)) == 0


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(0, 0, 0), (0, 5, 0), (5, 5, 100), (1, 3, 33), (2, 3, 67), (1, 8, 13), (1, 2, 50), (7, 40, 18)],
)
def test_done_percent_rounds_half_up(done, total, expected):
    # 1/8 = 12.5 % -> 13 (half up, not banker's rounding); 7/40 = 17.5 % -> 18.
    assert calc.done_percent(done, total) == expected


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("planned", "in_progress", True),
        ("in_progress", "done", True),
        ("done", "in_progress", True),  # back moves between the working statuses
        ("in_progress", "planned", True),
        ("planned", "cancelled", True),
        ("cancelled", "planned", True),
        ("cancelled", "done", False),
        ("done", "checked", False),  # only through the efficacy check
        ("checked", "in_progress", False),  # only through reopening after "not effective"
        ("planned", "planned", False),
    ],
)
def test_status_move_allowed(current, target, allowed):
    assert calc.status_move_allowed(current, target) is allowed


@pytest.mark.parametrize(
    ("due_on", "status", "expected"),
    [
        (date(2026, 3, 9), "in_progress", "overdue"),
        (date(2026, 3, 10), "planned", "due_soon"),  # due today
        (date(2026, 3, 17), "planned", "due_soon"),  # exactly 7 days ahead
        (date(2026, 3, 18), "planned", None),  # 8 days ahead
        (date(2026, 3, 12), "done", None),
        (date(2026, 3, 1), "cancelled", None),
    ],
)
def test_reminder_kind(due_on, status, expected):
    assert calc.reminder_kind(due_on, status, TODAY) == expected

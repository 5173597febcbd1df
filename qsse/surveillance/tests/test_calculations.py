"""Pure calculations, checked against hand-worked examples.

Sources: month arithmetic as in ISO 8601 calendars and python-dateutil's ``relativedelta`` (a date
past the end of the target month falls on its last day); WCAG 2.1 §1.4.3 relative luminance for the
readable text colour. Every expected value below is worked out by hand in the comment next to it.
"""

from datetime import date
from decimal import Decimal

import pytest

from qsse.surveillance.calculations import (
    DUE_SOON,
    ON_TIME,
    OVERDUE,
    RankedRisk,
    add_months,
    calendar_occurrences,
    control_status,
    is_within_limits,
    next_due_date,
    readable_text_colour,
    risk_ranking,
    within_limits_rate,
)


@pytest.mark.parametrize(
    ("last", "unit", "count", "expected"),
    [
        (date(2026, 1, 31), "month", 1, date(2026, 2, 28)),  # February 2026 has 28 days
        (date(2024, 1, 31), "month", 1, date(2024, 2, 29)),  # 2024 is a leap year
        (date(2026, 11, 30), "month", 3, date(2027, 2, 28)),  # quarterly across the year end
        (date(2026, 3, 31), "month", 1, date(2026, 4, 30)),
        (date(2024, 2, 29), "year", 1, date(2025, 2, 28)),  # no 29 February in 2025
        (date(2026, 1, 5), "week", 1, date(2026, 1, 12)),
        (date(2026, 12, 28), "week", 2, date(2027, 1, 11)),  # 28 Dec + 14 days: 3 + 11 Jan
        (date(2026, 2, 27), "day", 3, date(2026, 3, 2)),  # 27 Feb + 3 days: 28 Feb, 1 Mar, 2 Mar
        (date(2026, 5, 10), "day", 1, date(2026, 5, 11)),
    ],
)
def test_next_due_date(last, unit, count, expected):
    assert next_due_date(last, unit, count) == expected


def test_next_due_date_rejects_a_zero_interval():
    with pytest.raises(ValueError):
        next_due_date(date(2026, 1, 1), "day", 0)


def test_add_months_backwards():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


@pytest.mark.parametrize(
    ("value", "minimum", "maximum", "expected"),
    [
        (Decimal("5"), Decimal("5"), Decimal("8"), True),  # lower bound included
        (Decimal("8"), Decimal("5"), Decimal("8"), True),  # upper bound included
        (Decimal("4.99"), Decimal("5"), Decimal("8"), False),
        (Decimal("8.01"), Decimal("5"), Decimal("8"), False),
        (Decimal("3.8"), Decimal("5"), Decimal("8"), False),  # the lean coolant of the demo
        (Decimal("0.62"), Decimal("0.5"), None, True),  # only a lower limit
        (Decimal("12"), None, Decimal("10"), False),  # only an upper limit
        (7, None, None, True),
    ],
)
def test_is_within_limits(value, minimum, maximum, expected):
    assert is_within_limits(value, minimum, maximum) is expected


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 11, 24), OVERDUE),  # yesterday
        (date(2026, 11, 25), DUE_SOON),  # today
        (date(2026, 12, 2), DUE_SOON),  # today + 7 days, included
        (date(2026, 12, 3), ON_TIME),  # today + 8 days
    ],
)
def test_control_status(due, expected):
    assert control_status(due, date(2026, 11, 25), 7) == expected


def test_risk_ranking_by_score_then_severity_then_label():
    items = [
        RankedRisk("a", "Bruit", 4, 2),
        RankedRisk("b", "Bain", 9, 3),
        RankedRisk("c", "Incendie", 9, 4),  # same score as "Bain", more severe: first
        RankedRisk("d", "Sans note", None, 4),  # no score: last
        RankedRisk("e", "Air", 4, 2),  # ties "Bruit" on score and severity: label order
    ]
    assert [item.key for item in risk_ranking(items)] == ["c", "b", "e", "a", "d"]


def test_calendar_occurrences_monthly_from_the_31st_does_not_drift():
    # Due on 31 Jan every month: 28 Feb, 31 Mar, 30 Apr (counted from 31 Jan, not chained).
    assert calendar_occurrences(date(2026, 2, 1), date(2026, 4, 30), date(2026, 1, 31), "month", 1) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_calendar_occurrences_weekly_in_a_month():
    # Weekly from Monday 5 Jan 2026; January's Mondays are 5, 12, 19, 26; the window starts on the 10th.
    assert calendar_occurrences(date(2026, 1, 10), date(2026, 1, 31), date(2026, 1, 5), "week", 1) == [
        date(2026, 1, 12),
        date(2026, 1, 19),
        date(2026, 1, 26),
    ]


def test_calendar_occurrences_first_due_after_the_window():
    assert calendar_occurrences(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 3), "day", 1) == []


def test_within_limits_rate():
    assert within_limits_rate(2, 3) == 66.7  # 200 / 3 = 66.666… → 66.7
    assert within_limits_rate(0, 0) is None


def test_readable_text_colour():
    assert readable_text_colour("#ffc107") == "#000000"  # amber: luminance 0.594, black contrasts 12.9:1
    assert readable_text_colour("#c62828") == "#ffffff"  # dark red: luminance 0.137, white 5.6:1
    assert readable_text_colour("") == "#000000"

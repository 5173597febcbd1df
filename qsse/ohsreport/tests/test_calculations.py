"""The periods of the report (no database)."""

from datetime import date
from decimal import Decimal

from qsse.ohsreport.calculations import (
    Period,
    default_period,
    parse_period,
    percent_done,
    period_choices,
    previous_period,
)


def test_parse_quarter_and_year():
    q3 = parse_period("2026-Q3")
    assert (q3.start, q3.end, q3.last_month, q3.code) == (
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2026, 9, 1),
        "2026-Q3",
    )
    q4 = parse_period("2026-q4")
    assert (q4.start, q4.end, q4.last_month) == (date(2026, 10, 1), date(2027, 1, 1), date(2026, 12, 1))
    year = parse_period("2025")
    assert (year.start, year.end, year.kind, year.code) == (
        date(2025, 1, 1),
        date(2026, 1, 1),
        "year",
        "2025",
    )
    assert parse_period("2026-Q5") is None
    assert parse_period("T3 2026") is None
    assert parse_period("") is None


def test_previous_period_and_default():
    assert previous_period(Period(2026, 1)) == Period(2025, 4)
    assert previous_period(Period(2026, 3)) == Period(2026, 2)
    assert previous_period(Period(2026)) == Period(2025)
    assert default_period(date(2026, 2, 10)) == Period(2025, 4)
    assert default_period(date(2026, 12, 3)) == Period(2026, 3)


def test_period_choices_start_with_current_quarter():
    choices = period_choices(date(2026, 5, 2), years=2)
    assert [p.code for p in choices[:4]] == ["2026-Q2", "2026-Q1", "2026", "2025-Q4"]
    assert len(choices) == 2 + 1 + 4 + 1


def test_percent_done():
    assert percent_done(1, 3) == Decimal("33.3")
    assert percent_done(2, 3) == Decimal("66.7")
    assert percent_done(0, 0) is None

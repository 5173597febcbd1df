"""Retention arithmetic on dates worked out by hand with a calendar.

Month arithmetic: the day is kept and clamped to the last day of a shorter month, as
``dateutil.relativedelta`` documents ("relativedelta(months=+1) applied to 2003-01-31 gives
2003-02-28") and as article 641 of the French code de procédure civile counts delays in months
(a delay expires on the day with the same number, or the last day of the month when it has none).
"""

from datetime import date

import pytest

from qsse.retention.calculations import (
    RetentionPeriod,
    Rounding,
    add_months,
    end_of_month,
    is_past_retention,
    latest_reference_past_retention,
    record_fingerprint,
    retention_end,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2003, 1, 31), 1, date(2003, 2, 28)),  # relativedelta's documented example
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # 29 February + 1 year
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # + 4 years: a leap year again
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),  # across the year end
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_end_of_month():
    assert end_of_month(date(2024, 2, 3)) == date(2024, 2, 29)
    assert end_of_month(date(2025, 2, 3)) == date(2025, 2, 28)
    assert end_of_month(date(2025, 4, 30)) == date(2025, 4, 30)


def test_retention_end_in_years_months_and_rounded():
    # Personnel register: 5 years from the departure on 30 June 2020 → kept to 30 June 2025.
    assert retention_end(date(2020, 6, 30), RetentionPeriod(5)) == date(2025, 6, 30)
    # Candidates: 2 years from 29 February 2024 → 28 February 2026 (no 29th).
    assert retention_end(date(2024, 2, 29), RetentionPeriod(2)) == date(2026, 2, 28)
    # 1 year 6 months from 31 August 2024 → 28 February 2026.
    assert retention_end(date(2024, 8, 31), RetentionPeriod(1, 6)) == date(2026, 2, 28)
    # Rounded to the end of the month / year of the end date.
    assert retention_end(date(2024, 1, 10), RetentionPeriod(0, 1, Rounding.END_OF_MONTH)) == date(2024, 2, 29)
    assert retention_end(date(2021, 3, 10), RetentionPeriod(5, 0, Rounding.END_OF_YEAR)) == date(2026, 12, 31)


def test_is_past_retention_from_the_day_after_the_end():
    period = RetentionPeriod(5)
    departure = date(2020, 6, 30)
    assert not is_past_retention(departure, period, date(2025, 6, 29))
    assert not is_past_retention(departure, period, date(2025, 6, 30))  # last day kept
    assert is_past_retention(departure, period, date(2025, 7, 1))


@pytest.mark.parametrize(
    ("period", "today", "expected"),
    [
        # 5 years: on 1 July 2025, the record of 30 June 2020 is past (end 30 June 2025) but not
        # that of 1 July 2020 (end 1 July 2025, still kept today).
        (RetentionPeriod(5), date(2025, 7, 1), date(2020, 6, 30)),
        # 1 year on 28 February 2025: 29 February 2024 + 1 year = 28 February 2025, not past yet;
        # 28 February 2024 ended on 28 February 2025, not past either; 27 February 2024 is.
        (RetentionPeriod(1), date(2025, 2, 28), date(2024, 2, 27)),
        # 1 year on 1 March 2025: 29 February 2024 ended on 28 February 2025 → past; 1 March 2024
        # ends today → kept.
        (RetentionPeriod(1), date(2025, 3, 1), date(2024, 2, 29)),
        # 1 month on 1 March 2023: 31 January 2023 + 1 month = 28 February 2023 → past; so are 29
        # and 30 January (same end, clamped); 1 February ends 1 March → kept.
        (RetentionPeriod(0, 1), date(2023, 3, 1), date(2023, 1, 31)),
        # Rounded to the end of the year: on 1 January 2026, every record of 2020 is past
        # (ends 31 December 2025), none of 2021.
        (RetentionPeriod(5, 0, Rounding.END_OF_YEAR), date(2026, 1, 1), date(2020, 12, 31)),
        (RetentionPeriod(5, 0, Rounding.END_OF_YEAR), date(2025, 12, 31), date(2019, 12, 31)),
        # 40 years (DUER) on 25 November 2026: versions of 24 November 1986 and earlier.
        (RetentionPeriod(40), date(2026, 11, 25), date(1986, 11, 24)),
    ],
)
def test_latest_reference_past_retention(period, today, expected):
    latest = latest_reference_past_retention(period, today)
    assert latest == expected
    assert is_past_retention(latest, period, today)
    assert not is_past_retention(date.fromordinal(latest.toordinal() + 1), period, today)


def test_negative_period_refused():
    with pytest.raises(ValueError):
        RetentionPeriod(-1)


def test_fingerprint_is_stable_and_reveals_nothing():
    first = record_fingerprint("organization.former_people", 42)
    assert first == record_fingerprint("organization.former_people", 42)
    assert first != record_fingerprint("organization.former_people", 43)
    assert len(first) == 16 and "42" not in first[:2]
    # sha256("organization.former_people:42"), first 16 hexadecimal digits.
    import hashlib

    assert first == hashlib.sha256(b"organization.former_people:42").hexdigest()[:16]

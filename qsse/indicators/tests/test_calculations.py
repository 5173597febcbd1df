"""Pure calculations, checked against values worked out by hand (each test shows its working)."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.indicators import calculations as calc


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("96"), "on_target"), (95, "on_target"), (93, "alert"), (90, "alert"), (89.9, "off_target")],
)
def test_status_higher_is_better(value, expected):
    # On-time delivery: target 95 %, alert 90 %: 95 and above on target, 90 to 95 alert, below off.
    assert calc.indicator_status(value, 95, 90, "higher_is_better") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(2, "on_target"), (3, "on_target"), (4, "alert"), (5, "alert"), (6, "off_target")]
)
def test_status_lower_is_better(value, expected):
    # Scrap rate: target 3 %, alert 5 %: mirrored thresholds.
    assert calc.indicator_status(value, 3, 5, "lower_is_better") == expected


def test_status_without_value_target_or_alert():
    assert calc.indicator_status(None, 3, 5, "lower_is_better") == "no_data"
    assert calc.indicator_status(4, None, 5, "lower_is_better") == "no_data"
    # No alert threshold: missing the target is off target at once.
    assert calc.indicator_status(4, 3, None, "lower_is_better") == "off_target"


def test_least_squares_slope_hand_worked():
    # Points (0,2) (1,4) (2,5) (3,4) (4,5): x̄ = 2, ȳ = 4;
    # Σ(x−x̄)(y−ȳ) = (−2)(−2) + (−1)(0) + 0(1) + 1(0) + 2(1) = 6; Σ(x−x̄)² = 4 + 1 + 0 + 1 + 4 = 10;
    # slope = 6 / 10 = 0.6 (the textbook example of simple linear regression, intercept 2.2 with x = 1…5).
    assert calc.least_squares_slope([2, 4, 5, 4, 5]) == pytest.approx(0.6)
    assert calc.least_squares_slope([7]) is None


def test_trend_takes_the_direction_into_account():
    rising = [2, 4, 5, 4, 5]  # slope 0.6: over 4 periods +2.4, far above 1 % of the mean 4
    assert calc.trend(rising, "higher_is_better") == calc.TrendResult(pytest.approx(0.6), "improving")
    assert calc.trend(rising, "lower_is_better").label == "worsening"
    assert calc.trend([5, 4, 5, 4, 2], "lower_is_better").label == "improving"
    # 100, 100.2, 100.1: slope 0.05, change 0.1 over the series < 1 % of the mean (1.001): stable.
    assert calc.trend([100, 100.2, 100.1], "higher_is_better").label == "stable"
    assert calc.trend([1, 2], "higher_is_better").label == "unknown"


def test_objective_progress_both_ways():
    # Complaints from 40 (baseline) to 28 (target, −30 %), now 34: (34 − 40) / (28 − 40) = 50 %.
    assert calc.objective_progress(40, 34, 28) == pytest.approx(50.0)
    # Recycling rate from 60 % to 80 %, now 75 %: 15 / 20 = 75 %.
    assert calc.objective_progress(60, 75, 80) == pytest.approx(75.0)
    assert calc.objective_progress(40, 20, 28) == 100.0  # beyond the target: clipped
    assert calc.objective_progress(40, 45, 28) == 0.0  # worse than the start: clipped
    assert calc.objective_progress(None, 45, 28) is None
    assert calc.objective_progress(0, 0, 0) == 100.0
    # Keeping a level: on-time delivery at 96 % (baseline) to stay at or above 95 %.
    assert calc.objective_progress(96, 95.5, 95, "higher_is_better") == 100.0
    assert calc.objective_progress(96, 88.1, 95, "higher_is_better") == 0.0
    # With the direction, a normal objective computes as without it: TF1 from 22 to 11, now 16.5 → 50 %.
    assert calc.objective_progress(22, 16.5, 11, "lower_is_better") == pytest.approx(50.0)


def test_period_starts():
    assert calc.period_starts(date(2025, 11, 15), date(2026, 2, 3), "monthly") == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert calc.period_starts(date(2025, 5, 2), date(2026, 1, 1), "quarterly") == [
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
    ]
    assert calc.period_starts(date(2024, 6, 1), date(2026, 1, 1), "yearly") == [
        date(2024, 1, 1),
        date(2025, 1, 1),
        date(2026, 1, 1),
    ]
    assert calc.period_starts(date(2026, 2, 1), date(2026, 1, 1), "monthly") == []
    assert calc.shift_period(date(2026, 1, 1), "monthly", -1) == date(2025, 12, 1)
    assert calc.shift_period(date(2026, 1, 1), "quarterly", -5) == date(2024, 10, 1)


def _objective(**changes):
    fields = dict(
        title="Réduire les réclamations clients de 30 %",
        measurable_statement="Passer de 40 à 28 réclamations par an",
        has_indicator=True,
        target_value=Decimal("28"),
        target_date=date(2026, 12, 31),
        has_owner=True,
        justification="Plan 8D sur les 3 premières causes",
        status="active",
        level="strategic",
        has_process=False,
    )
    fields.update(changes)
    return calc.SmartInput(**fields)


def test_smart_gaps():
    today = date(2026, 6, 1)
    assert calc.smart_gaps(_objective(), today) == []
    assert calc.smart_gaps(
        _objective(target_value=None, has_owner=False, target_date=None, has_indicator=False), today
    ) == ["indicator", "target_value", "owner", "deadline"]
    assert calc.smart_gaps(_objective(target_date=date(2026, 1, 31)), today) == ["deadline_past"]
    # The same past deadline on an achieved objective is no gap.
    assert calc.smart_gaps(_objective(target_date=date(2026, 1, 31), status="achieved"), today) == []
    assert calc.smart_gaps(_objective(level="process", title="Moins", justification=""), today) == [
        "specific",
        "justification",
        "process",
    ]


def test_sparkline_points():
    # 3 values 0, 10, 5 in a 120 × 32 box with 2 px padding: x step (120 − 4) / 2 = 58;
    # y = 32 − 2 − (v − 0) / 10 × 28 → 30, 2, 16.
    assert calc.sparkline_points([0, 10, 5]) == "2.0,30.0 60.0,2.0 118.0,16.0"
    assert calc.sparkline_points([None, None]) == ""
    # One known value: a flat line at the bottom, at its place in the series.
    assert calc.sparkline_points([None, 4, None]) == "60.0,30.0"

"""Measures and drill schedule of the industrial risk control plan, on hand-worked examples."""

from datetime import date

import pytest

from qsse.industrialrisks import calculations as calc


def test_reduction_by_prevention_and_protection():
    # Paint-shop fire: 3 × 4 = 12 before; detection + extinction bring gravity to 2 and the
    # hot-work permit probability to 2: 2 × 2 = 4 after, a reduction of 8.
    result = calc.measure_reduction(
        probability=3,
        gravity=4,
        residual_probability=2,
        residual_gravity=2,
        existing_roles=["prevention", "protection"],
    )
    assert (result.score, result.residual_score, result.reduction) == (12, 4, 8)
    assert result.probability_credited and result.gravity_credited


def test_a_lowered_axis_without_an_existing_measure_of_its_role_is_flagged():
    # Gravity lowered 4 → 2 with only prevention measures in place: not backed.
    result = calc.measure_reduction(
        probability=3, gravity=4, residual_probability=2, residual_gravity=2, existing_roles=["prevention"]
    )
    assert result.probability_credited is True
    assert result.gravity_credited is False
    # An unchanged axis needs no measure.
    same = calc.measure_reduction(
        probability=3, gravity=4, residual_probability=3, residual_gravity=4, existing_roles=[]
    )
    assert same.probability_credited and same.gravity_credited and same.reduction == 0


def test_residual_above_initial_is_refused():
    with pytest.raises(ValueError):
        calc.measure_reduction(
            probability=2, gravity=2, residual_probability=3, residual_gravity=2, existing_roles=[]
        )
    with pytest.raises(ValueError):
        calc.measure_reduction(
            probability=0, gravity=2, residual_probability=1, residual_gravity=2, existing_roles=[]
        )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 6, date(2026, 9, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # no 31 February: last day of the month
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # 2028 is a leap year
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 11, 25), -12, date(2025, 11, 25)),
    ],
)
def test_add_months(day, months, expected):
    assert calc.add_months(day, months) == expected


def test_drills_twice_a_year():
    # Drills on 12 March and 24 September 2026; today 25 November 2026, one every 6 months:
    # next due 24 March 2027, not overdue, 2 drills since 25 November 2025.
    status = calc.drill_status(
        [date(2026, 9, 24), date(2026, 3, 12)], interval_months=6, today=date(2026, 11, 25)
    )
    assert status == calc.DrillStatus(
        last_on=date(2026, 9, 24), next_due_on=date(2027, 3, 24), is_overdue=False, drills_in_last_year=2
    )


def test_drill_overdue_and_never_held():
    status = calc.drill_status([date(2025, 10, 1)], interval_months=6, today=date(2026, 11, 25))
    assert (status.next_due_on, status.is_overdue, status.drills_in_last_year) == (date(2026, 4, 1), True, 0)
    never = calc.drill_status([], interval_months=6, today=date(2026, 11, 25))
    assert (never.last_on, never.next_due_on, never.is_overdue) == (None, date(2026, 11, 25), True)
    # A drill planned in the future is not counted as held.
    future = calc.drill_status([date(2027, 1, 10)], interval_months=6, today=date(2026, 11, 25))
    assert future.last_on is None and future.is_overdue

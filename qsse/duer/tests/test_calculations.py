"""The DUER rules on hand-worked values (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.duer import calculations as calc

LEVELS = [
    calc.Level("Faible", 1, "#2e7d32"),
    calc.Level("Modéré", 4, "#f9a825"),
    calc.Level("Élevé", 8, "#ef6c00", True),
    calc.Level("Critique", 12, "#c62828", True),
]


def test_raw_score_is_probability_times_gravity():
    assert calc.raw_score(3, 4) == 12
    assert calc.raw_score(1, 1) == 1
    assert calc.raw_score(4, 4) == 16
    with pytest.raises(ValueError):
        calc.raw_score(0, 3)


@pytest.mark.parametrize(
    ("probability", "gravity", "control", "expected"),
    [
        (3, 4, 1, Decimal("12.00")),  # 12 × 1
        (3, 4, 2, Decimal("9.00")),  # 12 × 0.75
        (3, 4, 3, Decimal("6.00")),  # 12 × 0.5
        (3, 4, 4, Decimal("3.00")),  # 12 × 0.25
        (3, 3, 2, Decimal("6.75")),  # 9 × 0.75
        (1, 1, 4, Decimal("0.25")),  # 1 × 0.25
        (4, 4, 4, Decimal("4.00")),  # 16 × 0.25
    ],
)
def test_residual_score_weights_by_control_level(probability, gravity, control, expected):
    assert calc.residual_score(probability, gravity, control) == expected


def test_control_level_outside_the_scale_is_refused():
    with pytest.raises(ValueError):
        calc.residual_score(2, 2, 0)
    with pytest.raises(ValueError):
        calc.residual_score(2, 2, 5)


def test_level_boundaries_on_a_weighted_score():
    assert calc.level_for(Decimal("0.25"), LEVELS) is None
    assert calc.level_for(1, LEVELS).name == "Faible"
    assert calc.level_for(Decimal("3.99"), LEVELS).name == "Faible"
    assert calc.level_for(4, LEVELS).name == "Modéré"
    assert calc.level_for(Decimal("7.5"), LEVELS).name == "Modéré"  # never rounded up to 8
    assert calc.level_for(8, LEVELS).name == "Élevé"
    assert calc.level_for(12, LEVELS).name == "Critique"


def test_ranking_residual_first_then_raw_gravity_exposed():
    rows = [
        calc.RankedHazard("a", Decimal("6.00"), 12, 4, 5),  # 12 × 0.5
        calc.RankedHazard("b", Decimal("6.75"), 9, 3, 40),  # 9 × 0.75
        calc.RankedHazard("c", Decimal("6.00"), 6, 3, 5),  # 6 × 1
        calc.RankedHazard("d", Decimal("6.00"), 12, 3, 5),  # 12 × 0.5, lower gravity than a
        calc.RankedHazard("e", Decimal("6.00"), 12, 4, 8),  # as a, more people exposed
    ]
    assert [row.key for row in calc.rank(rows)] == ["b", "e", "a", "d", "c"]


@pytest.mark.parametrize(("headcount", "expected"), [(0, False), (49, False), (50, True), (125, True)])
def test_papripact_from_50_employees(headcount, expected):
    # L4121-3-1: 49 → list of actions, 50 → PAPRIPACT.
    assert calc.requires_papripact(headcount) is expected


@pytest.mark.parametrize(("headcount", "expected"), [(1, False), (10, False), (11, True), (50, True)])
def test_annual_update_from_11_employees(headcount, expected):
    # R4121-2: the yearly update is compulsory from 11 employees.
    assert calc.requires_annual_update(headcount) is expected


def test_next_update_due_one_year_after_the_last_version():
    assert calc.next_update_due(date(2025, 11, 14), 125) == date(2026, 11, 14)
    assert calc.next_update_due(date(2024, 2, 29), 11) == date(2025, 2, 28)
    assert calc.next_update_due(date(2025, 11, 14), 10) is None
    assert calc.next_update_due(None, 125) is None

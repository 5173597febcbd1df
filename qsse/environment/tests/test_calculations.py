"""Significance scoring on hand-worked examples (no database).

The method is the usual French EMS practice of multiplying ordinal ratings (cotation
« gravité × fréquence × maîtrise »); every expected value below is worked out by hand in the
comment next to it, with the default rules: scales 1–4, threshold 24 of 64, legal-requirement rule
on, emergency rule from severity 3.
"""

import pytest

from qsse.environment import calculations as calc

RULES = calc.SignificanceRules()


def test_default_rules_are_those_documented():
    assert (RULES.method, RULES.threshold, RULES.emergency_min_severity) == ("sfc", 24, 3)
    assert calc.max_score(RULES) == 64  # 4 × 4 × 4


@pytest.mark.parametrize(
    ("severity", "frequency", "control", "method", "expected"),
    [
        (3, 4, 2, "sfc", 24),  # 3 × 4 = 12, × 2 = 24
        (2, 3, 2, "sfc", 12),  # 2 × 3 = 6, × 2 = 12
        (4, 4, 4, "sfc", 64),
        (1, 1, 1, "sfc", 1),
        (3, 4, 2, "sf", 12),  # control not counted: 3 × 4
    ],
)
def test_score(severity, frequency, control, method, expected):
    assert calc.significance_score(severity, frequency, control, method) == expected


def test_score_refuses_zero_and_unknown_method():
    with pytest.raises(ValueError):
        calc.significance_score(0, 2, 2)
    with pytest.raises(ValueError):
        calc.significance_score(1, 2, 2, "xyz")


def assess(severity, frequency, control, condition="normal", legal=False, rules=RULES):
    return calc.assess_significance(
        severity=severity,
        frequency=frequency,
        control=control,
        condition=condition,
        has_legal_requirement=legal,
        rules=rules,
    )


def test_score_at_the_threshold_is_significant():
    # Spent cutting emulsion, severity 3, frequency 4 (weekly), control 2: 24 ≥ 24.
    result = assess(3, 4, 2)
    assert result == calc.Significance(score=24, is_significant=True, reasons=("score",))


def test_score_just_below_the_threshold_is_not():
    # 23 cannot be reached by a product of 1–4 ratings; 2 × 4 × 2 = 16 and 3 × 2 × 3 = 18 are below.
    assert assess(2, 4, 2) == calc.Significance(16, False, ())
    assert assess(3, 2, 3) == calc.Significance(18, False, ())


def test_legal_requirement_makes_a_low_score_significant():
    # Boiler NOx, 2 × 4 × 1 = 8, but the combustion plant has emission limits (rubrique 2910).
    result = assess(2, 4, 1, legal=True)
    assert (result.score, result.is_significant, result.reasons) == (8, True, ("legal",))


def test_emergency_rule_from_the_severity_level():
    # Spill of the anodising bath to the river: 4 × 1 × 2 = 8, emergency, severity 4 ≥ 3.
    assert assess(4, 1, 2, condition="emergency").reasons == ("emergency",)
    # Same spill with severity 2: 2 × 1 × 2 = 4, below the emergency level → not significant.
    assert assess(2, 1, 2, condition="emergency").is_significant is False
    # Severity 4 in abnormal conditions: the emergency rule does not apply.
    assert assess(4, 1, 2, condition="abnormal").is_significant is False


def test_every_reason_is_listed_in_order():
    # 4 × 4 × 2 = 32 ≥ 24, a legal requirement, emergency with severity 4.
    assert assess(4, 4, 2, condition="emergency", legal=True).reasons == ("score", "legal", "emergency")


def test_rules_switched_off():
    rules = calc.SignificanceRules(legal_requirement_rule=False, emergency_rule=False)
    assert assess(4, 1, 2, condition="emergency", legal=True, rules=rules) == calc.Significance(8, False, ())


def test_two_factor_method_with_its_own_threshold():
    # S × F on 5-level scales, significant from 12: 3 × 4 = 12 is significant, 3 × 3 = 9 is not.
    rules = calc.SignificanceRules(method="sf", severity_max=5, frequency_max=5, threshold=12)
    assert calc.max_score(rules) == 25
    assert assess(3, 4, 5, rules=rules).score == 12
    assert assess(3, 4, 5, rules=rules).is_significant is True
    assert assess(3, 3, 5, rules=rules).is_significant is False


def test_validate_rules():
    assert calc.validate_rules(RULES) == {}
    assert calc.validate_rules(calc.SignificanceRules(threshold=65)) == {"threshold": "threshold"}
    # A one-level severity scale: too short, and the emergency level 3 lies outside it.
    assert calc.validate_rules(calc.SignificanceRules(severity_max=1, threshold=4)) == {
        "severity_max": "scale",
        "emergency_min_severity": "severity",
    }
    assert calc.validate_rules(calc.SignificanceRules(emergency_min_severity=5)) == {
        "emergency_min_severity": "severity"
    }


def test_summary_grid_fills_missing_pairs_with_zero():
    grid = calc.summary_grid(
        [("air", "normal", 1, 3), ("water", "emergency", 2, 2)], ["air", "water"], ["normal", "emergency"]
    )
    assert [[(c.significant, c.total) for c in row] for row in grid] == [[(1, 3), (0, 0)], [(0, 0), (2, 2)]]
    assert grid[1][1] == calc.SummaryCell("water", "emergency", 2, 2)

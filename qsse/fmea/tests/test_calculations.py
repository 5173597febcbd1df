"""Pure calculations, no database.

RPN = S × O × D with S, O, D in 1–10 (AIAG FMEA 4th edition, 2008; IEC 60812:2018 §10.3). The
action-priority lookup is tested with a synthetic rules table (tests/factories.py): OpenQSSE ships
no AIAG-VDA table (copyrighted handbook content, no two agreeing public copies found), so the
mechanism and its range boundaries are what is tested here.
"""

import pytest

from qsse.fmea import calculations as calc
from qsse.fmea.calculations import ApRule, RpnThresholds

from .factories import SYNTHETIC_RULES


@pytest.mark.parametrize(
    ("s", "o", "d", "rpn"),
    [(1, 1, 1, 1), (10, 10, 10, 1000), (7, 5, 6, 210), (10, 1, 1, 10), (1, 10, 1, 10), (2, 5, 10, 100)],
)
def test_rpn(s, o, d, rpn):
    assert calc.risk_priority_number(s, o, d) == rpn


@pytest.mark.parametrize("bad", [0, 11, -1, 5.5, "5", None, True])
def test_rpn_rejects_ratings_outside_1_to_10(bad):
    with pytest.raises(calc.RatingError):
        calc.risk_priority_number(bad, 5, 5)
    with pytest.raises(calc.RatingError):
        calc.risk_priority_number(5, bad, 5)
    with pytest.raises(calc.RatingError):
        calc.risk_priority_number(5, 5, bad)


@pytest.mark.parametrize(
    ("rpn", "level"), [(1, "low"), (49, "low"), (50, "medium"), (99, "medium"), (100, "high"), (1000, "high")]
)
def test_rpn_level_at_the_thresholds(rpn, level):
    assert calc.rpn_level(rpn, RpnThresholds(high=100, medium=50)) == level


def test_rpn_level_without_rpn_and_bad_thresholds():
    assert calc.rpn_level(None, RpnThresholds()) == ""
    with pytest.raises(ValueError):
        RpnThresholds(high=50, medium=100)


# (S, O, D, expected) at every boundary of the synthetic table's ranges.
BOUNDARY_CELLS = [
    (1, 1, 1, "L"),
    (10, 1, 10, "L"),  # O = 1 is L whatever S and D
    (9, 1, 1, "L"),
    (10, 1, 1, "L"),
    (9, 2, 1, "H"),
    (9, 2, 10, "H"),
    (10, 10, 10, "H"),
    (10, 2, 1, "H"),
    (8, 2, 7, "M"),
    (8, 2, 6, "L"),
    (8, 10, 10, "M"),
    (1, 2, 7, "M"),
    (1, 2, 6, "L"),
    (1, 10, 10, "M"),
    (8, 10, 6, "L"),
    (5, 5, 5, "L"),
    (5, 5, 7, "M"),
    (9, 5, 5, "H"),
    (8, 9, 1, "L"),
    (2, 1, 9, "L"),
]


@pytest.mark.parametrize(("s", "o", "d", "expected"), BOUNDARY_CELLS)
def test_action_priority_boundaries(s, o, d, expected):
    assert calc.action_priority(s, o, d, SYNTHETIC_RULES) == expected


def test_lookup_agrees_with_the_rules_on_all_1000_cells():
    lookup = calc.ap_lookup(SYNTHETIC_RULES)
    assert len(lookup) == 1000
    for s in range(1, 11):
        for o in range(1, 11):
            for d in range(1, 11):
                assert lookup[(s, o, d)] == calc.action_priority(s, o, d, SYNTHETIC_RULES)
    counts = {level: list(lookup.values()).count(level) for level in "HML"}
    # H: S 9–10 × O 2–10 × D 1–10 = 180; M: S 1–8 × O 2–10 × D 7–10 = 288; L: the other 532.
    assert counts == {"H": 180, "M": 288, "L": 532}


def test_action_priority_without_a_covering_rule_is_none():
    assert calc.action_priority(5, 5, 5, [ApRule(9, 10, 1, 10, 1, 10, "H")]) is None
    assert calc.action_priority(5, 5, 5, []) is None
    with pytest.raises(calc.RatingError):
        calc.action_priority(0, 5, 5, SYNTHETIC_RULES)


def test_validate_accepts_a_complete_table():
    result = calc.validate_ap_rules(SYNTHETIC_RULES)
    assert result.is_valid
    assert result.gaps == () and result.overlaps == () and result.rule_errors == ()


def test_validate_reports_gaps():
    result = calc.validate_ap_rules(SYNTHETIC_RULES[:-1])  # S 1–8, O 2–10, D 1–6 missing
    assert not result.is_valid
    assert len(result.gaps) == 8 * 9 * 6
    assert result.gaps[0] == (1, 2, 1) and result.gaps[-1] == (8, 10, 6)
    assert result.overlaps == ()


def test_validate_reports_overlaps():
    rules = (*SYNTHETIC_RULES, ApRule(10, 10, 10, 10, 9, 10, "L"))
    result = calc.validate_ap_rules(rules)
    assert result.overlaps == ((10, 10, 9), (10, 10, 10))
    assert result.gaps == ()


def test_validate_reports_bad_rules():
    result = calc.validate_ap_rules([ApRule(0, 10, 1, 10, 1, 10, "H"), ApRule(5, 4, 1, 10, 1, 10, "X")])
    messages = [message for _, message in result.rule_errors]
    assert result.rule_errors[0][0] == 1
    assert "severity range 0–10 is outside 1–10" in messages
    assert "severity range 5–4 is reversed" in messages
    assert "priority 'X' is not H, M or L" in messages
    assert len(result.gaps) == 1000


def test_summarise_cells():
    cells = [(1, 1, d) for d in range(1, 11)] + [(2, 1, 1), (2, 1, 2)]
    assert calc.summarise_cells(cells[:2]) == "S=1 O=1 D=1, S=1 O=1 D=2"
    assert calc.summarise_cells(cells).endswith("… (+2)")


def test_before_after():
    result = calc.before_after((7, 5, 6), (7, 2, 3))
    assert (result.rpn_before, result.rpn_after, result.reduction) == (210, 42, 168)
    assert result.reduction_percent == 80.0
    assert calc.reduction_percent(0, 0) is None
    assert calc.reduction_percent(100, 120) == -20.0


def test_rpn_pareto():
    bars = calc.rpn_pareto([("a", 100), ("b", 300), ("c", 100), ("d", 0)])
    assert [(bar.label, bar.value, bar.cumulative_percent) for bar in bars] == [
        ("b", 300, 60.0),
        ("a", 100, 80.0),
        ("c", 100, 100.0),
    ]
    assert [bar.label for bar in calc.rpn_pareto([("a", 1), ("b", 2)], limit=1)] == ["b"]


def test_rpn_pareto_of_the_top_lines_against_the_total_of_all():
    bars = calc.rpn_pareto([("a", 300), ("b", 100)], total=1000)
    assert [bar.cumulative_percent for bar in bars] == [30.0, 40.0]

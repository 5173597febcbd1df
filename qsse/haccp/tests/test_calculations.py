"""Pure calculations of the HACCP module (no database).

Worked cases of the decision tree: the CCP determination table (Table 2) of a published HACCP study
of a traditional steamed-fish process, Journal of Ethnic Foods (BioMed Central, 2025), article
10.1186/s42779-025-00275-5 (Table 2 on journalofethnicfoods.biomedcentral.com),
which applies the Codex CXC 1-1969 (2003) decision tree Q1–Q4 step by step:
    Receiving raw material      Q1 Y, Q2 N, Q3 Y, Q4 N → CCP
    Wrapping with paper         Q1 Y, Q2 N, Q3 N       → not a CCP
    Adding salt                 Q1 Y, Q2 Y             → CCP
    Steaming for 3–4 h          Q1 Y, Q2 Y             → CCP
The Codex 2003 tree (Diagram 2) gives the other branches: Q4 yes → not a CCP (a later step controls
the hazard); Q1 no → "Is control at this step necessary for safety?" no → not a CCP, yes → modify.
"""

from decimal import Decimal

import pytest

from qsse.haccp.calculations import (
    OUTCOME_CCP,
    OUTCOME_MODIFY,
    OUTCOME_NOT_CCP,
    OUTCOME_PRP,
    DecisionTree,
    PlanFacts,
    TreeQuestion,
    answers_on_path,
    decide,
    fallback_rating,
    is_within_limits,
    plan_completeness,
)
from qsse.haccp.decision_trees import CODEX_2003, CODEX_2023

Y, N = True, False


@pytest.mark.parametrize(
    ("step", "answers", "outcome", "decided_at"),
    [
        ("Receiving raw material", {"q1": Y, "q2": N, "q3": Y, "q4": N}, OUTCOME_CCP, "q4"),
        ("Wrapping with paper", {"q1": Y, "q2": N, "q3": N}, OUTCOME_NOT_CCP, "q3"),
        ("Adding salt", {"q1": Y, "q2": Y}, OUTCOME_CCP, "q2"),
        ("Steaming for 3–4 h", {"q1": Y, "q2": Y}, OUTCOME_CCP, "q2"),
    ],
)
def test_codex_2003_tree_on_the_published_steamed_fish_study(step, answers, outcome, decided_at):
    decision = decide(CODEX_2003, answers)
    assert decision.outcome == outcome, step
    assert decision.path[-1][0] == decided_at
    assert decision.next_question is None


def test_codex_2003_later_step_controls_the_hazard():
    # Q4 yes: e.g. Salmonella on raw chicken at reception, eliminated by the later cooking step.
    decision = decide(CODEX_2003, {"q1": Y, "q2": N, "q3": Y, "q4": Y})
    assert decision.outcome == OUTCOME_NOT_CCP
    assert decision.path == (("q1", Y), ("q2", N), ("q3", Y), ("q4", Y))


def test_codex_2003_no_control_measure():
    assert decide(CODEX_2003, {"q1": N, "q1b": N}).outcome == OUTCOME_NOT_CCP
    assert decide(CODEX_2003, {"q1": N, "q1b": Y}).outcome == OUTCOME_MODIFY


def test_codex_2023_tree_branches():
    # Q1 yes: controlled by the prerequisite programmes (GHP) → not a CCP.
    assert decide(CODEX_2023, {"q1": Y}).outcome == OUTCOME_PRP
    # Cooking: no PRP control, specific measure, no later step, the step controls it → CCP at Q4.
    assert decide(CODEX_2023, {"q1": N, "q2": Y, "q3": N, "q4": Y}).outcome == OUTCOME_CCP
    # Reception of raw meat: a later step (cooking) eliminates the hazard → not a CCP at Q3.
    assert decide(CODEX_2023, {"q1": N, "q2": Y, "q3": Y}).outcome == OUTCOME_NOT_CCP
    # No specific control measure → modify the process or product.
    assert decide(CODEX_2023, {"q1": N, "q2": N}).outcome == OUTCOME_MODIFY


def test_decide_stops_at_the_first_unanswered_question():
    decision = decide(CODEX_2003, {"q1": Y, "q3": Y})
    assert decision.outcome is None
    assert decision.next_question == "q2"
    assert decision.path == (("q1", Y),)
    assert not decision.is_decided


def test_answers_off_the_path_are_dropped():
    # Changing Q2 to yes makes Q3/Q4 irrelevant.
    assert answers_on_path(CODEX_2003, {"q1": Y, "q2": Y, "q3": Y, "q4": N}) == {"q1": Y, "q2": Y}


def test_a_looping_tree_is_refused():
    tree = DecisionTree(
        key="bad",
        start="a",
        questions=(TreeQuestion("a", "A", yes="b", no="b"), TreeQuestion("b", "B", yes="a", no="a")),
    )
    with pytest.raises(ValueError):
        decide(tree, {"a": Y, "b": Y})


def _facts(**overrides):
    complete = dict(
        has_leader=True,
        team_size=3,
        has_scope=True,
        has_product_description=True,
        has_intended_use=True,
        step_count=6,
        unverified_step_count=0,
        hazard_count=8,
        significant_undecided_count=0,
        control_point_count=2,
        without_limits_count=0,
        without_monitoring_count=0,
        without_corrective_actions_count=0,
        without_verification_count=0,
        has_plan_verification=True,
        without_records_count=0,
    )
    complete.update(overrides)
    return PlanFacts(**complete)


def test_plan_completeness():
    assert plan_completeness(_facts()) == ()
    empty = _facts(
        has_leader=False,
        team_size=0,
        has_scope=False,
        has_product_description=False,
        has_intended_use=False,
        step_count=0,
        hazard_count=0,
        control_point_count=0,
        has_plan_verification=False,
    )
    # Nothing entered: every step but the CCP-dependent ones 8, 9, 10 and 12 is missing.
    assert plan_completeness(empty) == (1, 2, 3, 4, 5, 6, 7, 11)
    assert plan_completeness(_facts(unverified_step_count=1)) == (5,)
    assert plan_completeness(_facts(significant_undecided_count=2)) == (7,)
    assert plan_completeness(_facts(without_limits_count=1, without_records_count=1)) == (8, 12)


def test_within_limits_inclusive():
    # Cooking core temperature ≥ 63 °C: 63.0 passes, 62.9 fails.
    assert is_within_limits(Decimal("63.0"), Decimal("63"), None)
    assert not is_within_limits(Decimal("62.9"), Decimal("63"), None)
    # Cold storage 0–3 °C.
    assert is_within_limits(Decimal("3"), Decimal("0"), Decimal("3"))
    assert not is_within_limits(Decimal("3.5"), Decimal("0"), Decimal("3"))
    # A visual check (no numeric limit) without value.
    assert is_within_limits(None, None, None)
    assert not is_within_limits(None, Decimal("63"), None)


def test_fallback_rating():
    assert fallback_rating(2, 3).score == 6
    assert fallback_rating(2, 3).is_significant
    assert not fallback_rating(1, 5).is_significant

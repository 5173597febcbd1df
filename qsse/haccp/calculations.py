"""Pure HACCP calculations: the CCP decision tree engine, the completeness of the 12 Codex steps and
the critical-limit check. No Django import: trees and facts are data passed in.

Sources:
- Codex Alimentarius, General Principles of Food Hygiene CXC 1-1969 (rev. 2003: "Diagram 2 –
  Example of decision tree to identify CCPs"; rev. 2020 with the decision tree adopted in 2023).
- The 12 steps (logic sequence for the application of HACCP) of CXC 1-1969, mapped to ISO 22000:2018
  Annex A.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

# Terminal outcomes a decision tree can reach.
OUTCOME_CCP = "ccp"
OUTCOME_NOT_CCP = "not_ccp"
OUTCOME_PRP = "prp"
OUTCOME_MODIFY = "modify"
OUTCOMES = (OUTCOME_CCP, OUTCOME_NOT_CCP, OUTCOME_PRP, OUTCOME_MODIFY)


@dataclass(frozen=True)
class TreeQuestion:
    """One question; ``yes``/``no`` name the next question or a terminal outcome."""

    key: str
    text: object  # a (lazy) translated string; never inspected here
    yes: str
    no: str


@dataclass(frozen=True)
class DecisionTree:
    key: str
    start: str
    questions: tuple[TreeQuestion, ...]

    def question(self, key: str) -> TreeQuestion:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)


@dataclass(frozen=True)
class Decision:
    """Where the answers lead: an ``outcome`` (one of OUTCOMES) or the ``next_question`` to ask.

    ``path`` holds the (question key, answer) pairs actually used, in order; answers to questions
    off the path are ignored.
    """

    outcome: str | None
    path: tuple[tuple[str, bool], ...]
    next_question: str | None

    @property
    def is_decided(self) -> bool:
        return self.outcome is not None


def decide(tree: DecisionTree, answers: Mapping[str, bool]) -> Decision:
    """Walk ``tree`` from its first question with ``answers`` (question key → yes/no)."""
    path: list[tuple[str, bool]] = []
    current = tree.start
    seen: set[str] = set()
    while current not in OUTCOMES:
        if current in seen:  # a malformed tree must not loop forever
            raise ValueError(f"Decision tree {tree.key!r} loops at {current!r}")
        seen.add(current)
        question = tree.question(current)
        if current not in answers:
            return Decision(outcome=None, path=tuple(path), next_question=current)
        answer = bool(answers[current])
        path.append((current, answer))
        current = question.yes if answer else question.no
    return Decision(outcome=current, path=tuple(path), next_question=None)


def answers_on_path(tree: DecisionTree, answers: Mapping[str, bool]) -> dict[str, bool]:
    """Only the answers the walk uses (a changed answer drops the later ones off the new path)."""
    return dict(decide(tree, answers).path)


# --- The 12 steps of Codex CXC 1-1969 ----------------------------------------------------------


@dataclass(frozen=True)
class PlanFacts:
    """What a plan holds, counted by the caller (the database), for the completeness check."""

    has_leader: bool
    team_size: int
    has_scope: bool
    has_product_description: bool  # composition and storage/shelf life at least
    has_intended_use: bool
    step_count: int
    unverified_step_count: int
    hazard_count: int
    significant_undecided_count: int  # significant hazards without a tree outcome
    control_point_count: int  # CCPs and OPRPs
    without_limits_count: int
    without_monitoring_count: int
    without_corrective_actions_count: int
    without_verification_count: int
    has_plan_verification: bool
    without_records_count: int


def plan_completeness(facts: PlanFacts) -> tuple[int, ...]:
    """The numbers (1–12) of the Codex steps not yet complete, in order; () when the plan is complete.

    A plan whose hazard analysis finds no CCP or OPRP completes steps 8–10 and 12 vacuously (Codex:
    a process may have no CCP), but step 11 always needs the verification procedure of the plan.
    """
    missing: list[int] = []
    if not (facts.has_leader and facts.team_size >= 1 and facts.has_scope):
        missing.append(1)
    if not facts.has_product_description:
        missing.append(2)
    if not facts.has_intended_use:
        missing.append(3)
    if facts.step_count == 0:
        missing.append(4)
    if facts.step_count == 0 or facts.unverified_step_count > 0:
        missing.append(5)
    if facts.hazard_count == 0:
        missing.append(6)
    if facts.hazard_count == 0 or facts.significant_undecided_count > 0:
        missing.append(7)
    if facts.without_limits_count > 0:
        missing.append(8)
    if facts.without_monitoring_count > 0:
        missing.append(9)
    if facts.without_corrective_actions_count > 0:
        missing.append(10)
    if not facts.has_plan_verification or facts.without_verification_count > 0:
        missing.append(11)
    if facts.without_records_count > 0:
        missing.append(12)
    return tuple(missing)


# --- Critical limits -------------------------------------------------------------------------------


def is_within_limits(value: Decimal | None, minimum: Decimal | None, maximum: Decimal | None) -> bool:
    """Whether ``value`` respects the limits, both inclusive ("≥ 63 °C" accepts 63.0).

    A limit left empty does not constrain; a missing value (a visual check recorded as text) counts
    as within limits only when the control point has no numeric limit.
    """
    if value is None:
        return minimum is None and maximum is None
    if minimum is not None and value < minimum:
        return False
    return not (maximum is not None and value > maximum)


# --- Rating fallback ---------------------------------------------------------------------------------

DEFAULT_SIGNIFICANT_SCORE = 6


@dataclass(frozen=True)
class SimpleRating:
    score: int
    level_name: str
    colour: str
    text_colour: str
    is_significant: bool


def fallback_rating(
    likelihood: int, severity: int, significant_from: int = DEFAULT_SIGNIFICANT_SCORE
) -> SimpleRating:
    """Score = likelihood × severity when no criticality matrix is configured for the usage."""
    score = likelihood * severity
    return SimpleRating(
        score=score, level_name="", colour="", text_colour="", is_significant=score >= significant_from
    )

"""Significance of environmental aspects (ISO 14001:2015 §6.1.2): pure functions, no Django.

The usual French practice rates each aspect on a few ordinal scales and multiplies them
(cotation « gravité × fréquence × maîtrise »); an aspect is significant when its score reaches
the organisation's threshold, and — by rules the organisation chooses — whenever a legal
requirement applies to it, or when it occurs in an emergency situation at or above a severity
level. The scales, the method, the threshold and the rules are data passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

METHOD_SFC = "sfc"  # severity × frequency × control
METHOD_SF = "sf"  # severity × frequency

REASON_SCORE = "score"
REASON_LEGAL = "legal"
REASON_EMERGENCY = "emergency"
EMERGENCY = "emergency"


@dataclass(frozen=True)
class SignificanceRules:
    method: str = METHOD_SFC
    severity_max: int = 4
    frequency_max: int = 4
    control_max: int = 4
    threshold: int = 24
    legal_requirement_rule: bool = True
    emergency_rule: bool = True
    emergency_min_severity: int = 3


@dataclass(frozen=True)
class Significance:
    score: int
    is_significant: bool
    reasons: tuple[str, ...]  # REASON_* codes, in the order above


def significance_score(severity: int, frequency: int, control: int, method: str = METHOD_SFC) -> int:
    """The score of an aspect: severity × frequency (× control, the weaker the control the higher)."""
    for name, value in (("severity", severity), ("frequency", frequency), ("control", control)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1")
    if method == METHOD_SF:
        return severity * frequency
    if method == METHOD_SFC:
        return severity * frequency * control
    raise ValueError(f"unknown method {method!r}")


def max_score(rules: SignificanceRules) -> int:
    base = rules.severity_max * rules.frequency_max
    return base * rules.control_max if rules.method == METHOD_SFC else base


def assess_significance(
    *,
    severity: int,
    frequency: int,
    control: int,
    condition: str,
    has_legal_requirement: bool,
    rules: SignificanceRules,
) -> Significance:
    """Score and significance of one aspect, with every reason that makes it significant."""
    score = significance_score(severity, frequency, control, rules.method)
    reasons: list[str] = []
    if score >= rules.threshold:
        reasons.append(REASON_SCORE)
    if rules.legal_requirement_rule and has_legal_requirement:
        reasons.append(REASON_LEGAL)
    if rules.emergency_rule and condition == EMERGENCY and severity >= rules.emergency_min_severity:
        reasons.append(REASON_EMERGENCY)
    return Significance(score=score, is_significant=bool(reasons), reasons=tuple(reasons))


def validate_rules(rules: SignificanceRules) -> dict[str, str]:
    """Field → problem (plain English keys for the service to translate); empty when consistent."""
    problems: dict[str, str] = {}
    for name in ("severity_max", "frequency_max", "control_max"):
        if not 2 <= getattr(rules, name) <= 10:
            problems[name] = "scale"
    if not 1 <= rules.threshold <= max_score(rules):
        problems["threshold"] = "threshold"
    if rules.emergency_rule and not 1 <= rules.emergency_min_severity <= rules.severity_max:
        problems["emergency_min_severity"] = "severity"
    return problems


@dataclass(frozen=True)
class SummaryCell:
    compartment: str
    condition: str
    significant: int
    total: int


def summary_grid(
    counts: Iterable[tuple[str, str, int, int]], compartments: Iterable[str], conditions: Iterable[str]
) -> list[list[SummaryCell]]:
    """Rows per compartment, columns per operating condition, from (compartment, condition,
    significant, total) counts; missing pairs count zero."""
    table = {
        (compartment, condition): (significant, total)
        for compartment, condition, significant, total in counts
    }
    conditions = tuple(conditions)
    return [
        [
            SummaryCell(compartment, condition, *table.get((compartment, condition), (0, 0)))
            for condition in conditions
        ]
        for compartment in compartments
    ]

"""Pure rules of the DUER (document unique d'évaluation des risques professionnels): raw and
residual scores of a hazard, their ranking, and the headcount thresholds of the Code du travail.

No ORM, no settings, no clock: the matrix levels and the headcount are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Control level of the existing prevention measures → weighting coefficient of the raw score.
# A CONVENTION of this application (widespread in DUER practice), not a legal rule:
# 1 = no or ineffective measure (×1), 2 = partial (×0.75), 3 = good (×0.5), 4 = very good (×0.25).
CONTROL_COEFFICIENTS: dict[int, Decimal] = {
    1: Decimal("1"),
    2: Decimal("0.75"),
    3: Decimal("0.5"),
    4: Decimal("0.25"),
}

# L4121-3-1: from 50 employees the DUER leads to a PAPRIPACT; below, to a list of actions.
PAPRIPACT_HEADCOUNT = 50
# R4121-2 (décret 2022-395): the yearly update is compulsory from 11 employees.
ANNUAL_UPDATE_HEADCOUNT = 11


def raw_score(probability: int, gravity: int) -> int:
    """The raw (gross) risk: probability × gravity, each a positive integer of the matrix scale."""
    if probability < 1 or gravity < 1:
        raise ValueError("probability and gravity start at 1")
    return probability * gravity


def control_coefficient(control_level: int) -> Decimal:
    """The weighting of the raw score for a control level 1–4 (see ``CONTROL_COEFFICIENTS``)."""
    try:
        return CONTROL_COEFFICIENTS[control_level]
    except KeyError:
        raise ValueError(f"control level must be 1–4, not {control_level}") from None


def residual_score(probability: int, gravity: int, control_level: int) -> Decimal:
    """The residual risk: raw score × control coefficient, rounded to two decimals (half up)."""
    value = raw_score(probability, gravity) * control_coefficient(control_level)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Level:
    name: str
    min_score: int
    colour: str
    is_significant: bool = False


def level_for(score: Decimal | int, levels: Sequence[Level]) -> Level | None:
    """The level whose threshold is the highest not above ``score``; None below every threshold.

    A residual score of 7.5 on thresholds 1/4/8/12 reads "4": thresholds compare as numbers, so a
    weighted score never jumps to the next level by rounding.
    """
    chosen = None
    for level in sorted(levels, key=lambda item: item.min_score):
        if Decimal(score) >= level.min_score:
            chosen = level
    return chosen


@dataclass(frozen=True)
class RankedHazard:
    key: object
    residual: Decimal
    raw: int
    gravity: int
    exposed: int


def rank(hazards: Iterable[RankedHazard]) -> list[RankedHazard]:
    """Highest residual first; ties broken by the raw score, then the gravity, then the number of
    people exposed (the more serious and the more widespread first)."""
    return sorted(hazards, key=lambda item: (-item.residual, -item.raw, -item.gravity, -item.exposed))


def requires_papripact(headcount: int) -> bool:
    """Whether the DUER must lead to a PAPRIPACT (programme annuel de prévention des risques
    professionnels et d'amélioration des conditions de travail) — Code du travail L4121-3-1, II:
    companies of 50 employees or more. Below (L4121-3-1, III), a list of prevention actions."""
    return headcount >= PAPRIPACT_HEADCOUNT


def requires_annual_update(headcount: int) -> bool:
    """Whether the DUER must be updated at least once a year — Code du travail R4121-2 (décret
    2022-395): companies of 11 employees or more. Every company still updates it on any major
    change of working conditions and when new risk information arrives."""
    return headcount >= ANNUAL_UPDATE_HEADCOUNT


def next_update_due(last_version_on, headcount: int):
    """The date the next yearly update is due (one year after the last frozen version), or None
    when the headcount does not require a yearly update or no version was frozen yet."""
    if last_version_on is None or not requires_annual_update(headcount):
        return None
    try:
        return last_version_on.replace(year=last_version_on.year + 1)
    except ValueError:  # 29 February
        return last_version_on.replace(year=last_version_on.year + 1, day=28)

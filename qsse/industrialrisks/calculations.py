"""Industrial risk control plan (C.28): pure functions, no Django.

The rating on the criticality matrix itself is the shared one of ``qsse.context`` (probability ×
gravity, levels from the active matrix of usage "industrial"); what is computed here is the effect
of the measures and the drill schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PREVENTION = "prevention"
PROTECTION = "protection"


@dataclass(frozen=True)
class Reduction:
    """The ratings before and after measures; ``credited`` is False when the residual rating is
    lower on an axis without any existing measure on that axis to justify it."""

    probability: int
    gravity: int
    residual_probability: int
    residual_gravity: int
    score: int
    residual_score: int
    probability_credited: bool
    gravity_credited: bool

    @property
    def reduction(self) -> int:
        return self.score - self.residual_score


def measure_reduction(
    *,
    probability: int,
    gravity: int,
    residual_probability: int,
    residual_gravity: int,
    existing_roles: Iterable[str],
) -> Reduction:
    """Scores before and after measures (probability × gravity), and whether each lowered axis is
    backed by an existing measure of the matching role: prevention lowers probability, protection
    lowers gravity (a planned measure does not count until it exists)."""
    for name, value in (
        ("probability", probability),
        ("gravity", gravity),
        ("residual_probability", residual_probability),
        ("residual_gravity", residual_gravity),
    ):
        if value < 1:
            raise ValueError(f"{name} must be at least 1")
    if residual_probability > probability or residual_gravity > gravity:
        raise ValueError("the residual rating cannot exceed the rating before measures")
    roles = set(existing_roles)
    return Reduction(
        probability=probability,
        gravity=gravity,
        residual_probability=residual_probability,
        residual_gravity=residual_gravity,
        score=probability * gravity,
        residual_score=residual_probability * residual_gravity,
        probability_credited=residual_probability == probability or PREVENTION in roles,
        gravity_credited=residual_gravity == gravity or PROTECTION in roles,
    )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, on the last day of the month when it has fewer days."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("unreachable")


@dataclass(frozen=True)
class DrillStatus:
    last_on: date | None
    next_due_on: date | None
    is_overdue: bool
    drills_in_last_year: int


def drill_status(drill_dates: Iterable[date], *, interval_months: int, today: date) -> DrillStatus:
    """When the next drill is due (``interval_months`` after the last one; at once when none was
    held) and how many drills were held in the twelve months up to ``today``."""
    days = sorted(drill_dates)
    past = [day for day in days if day <= today]
    last = past[-1] if past else None
    next_due = add_months(last, interval_months) if last else today
    year_ago = add_months(today, -12)
    return DrillStatus(
        last_on=last,
        next_due_on=next_due,
        is_overdue=last is None or next_due < today,
        drills_in_last_year=sum(1 for day in past if day > year_ago),
    )

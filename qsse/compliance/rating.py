"""The criticality of a compliance gap on the shared criticality matrix (usage "compliance" of
``qsse.context``), read through the context app's selectors as plain values; likelihood × impact
with a conventional threshold when the organisation has no active matrix for this usage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from qsse.context import selectors as context_selectors

USAGE = "compliance"
# The name of the usage as the matrix editor shows it ("Écarts de conformité").
USAGE_LABEL = _("Compliance gaps")
# Without a matrix: score = likelihood × impact on a 5 × 5 grid, significant from this score.
FALLBACK_SCALE = (5, 5)
DEFAULT_SIGNIFICANT_SCORE = 10


@dataclass(frozen=True)
class GapRating:
    score: int
    level_name: str
    colour: str
    text_colour: str
    is_significant: bool


def fallback_rating(likelihood: int, impact: int) -> GapRating:
    """Score = likelihood × impact, significant from ``DEFAULT_SIGNIFICANT_SCORE``; no level."""
    score = likelihood * impact
    return GapRating(score, "", "", "", score >= DEFAULT_SIGNIFICANT_SCORE)


def active_matrix() -> Any:
    """The active "compliance" matrix (``context.selectors.MatrixSpec``), or None."""
    return context_selectors.active_matrix(USAGE)


def rate(likelihood: int, impact: int, *, matrix: Any = None) -> GapRating:
    """Score and level of a gap on the active matrix (``matrix`` when given, to read it once)."""
    result = context_selectors.rate(USAGE, likelihood, impact, matrix=matrix)
    if result is None:
        return fallback_rating(likelihood, impact)
    return GapRating(
        result.score, result.level_name, result.colour, result.text_colour, result.is_significant
    )


def scale_max(matrix: Any = None) -> tuple[int, int]:
    """The largest likelihood and impact accepted: the active matrix's grid, else 5 × 5."""
    spec = matrix if matrix is not None else active_matrix()
    return (spec.rows, spec.cols) if spec is not None else FALLBACK_SCALE


def axis_names(matrix: Any = None) -> tuple[str, str]:
    spec = matrix if matrix is not None else active_matrix()
    if spec is None:
        return (str(_("Likelihood")), str(_("Impact")))
    return (spec.row_axis_name, spec.col_axis_name)


def level_choices() -> list[tuple[str, str]]:
    """The levels of the active matrix, lowest first, as filter choices."""
    spec = active_matrix()
    if spec is None:
        return []
    return [(level.name, level.name) for level in sorted(spec.levels, key=lambda level: level.min_score)]

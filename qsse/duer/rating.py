"""The rating of a DUER hazard on the shared criticality matrix (usage "duer" of ``qsse.context``):
probability × gravity on the active matrix, weighted by the control level of the existing measures
(see ``calculations.CONTROL_COEFFICIENTS``). Without an active matrix: a 4 × 4 grid and the
conventional levels of ``FALLBACK_LEVELS``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from qsse.context import selectors as context_selectors

from . import calculations

USAGE = "duer"
USAGE_LABEL = _("Occupational risks (DUER)")
FALLBACK_SCALE = (4, 4)
# The levels used when the organisation has no active "duer" matrix (same as the default matrix).
FALLBACK_LEVELS = (
    calculations.Level("Faible", 1, "#2e7d32"),
    calculations.Level("Modéré", 4, "#f9a825"),
    calculations.Level("Élevé", 8, "#ef6c00", True),
    calculations.Level("Critique", 12, "#c62828", True),
)


# "Not given" (read the active matrix), as opposed to None ("no active matrix", already read).
UNSET: Any = object()


@dataclass(frozen=True)
class HazardRating:
    raw: int
    residual: Decimal
    level_name: str
    colour: str
    is_significant: bool


def active_matrix() -> Any:
    """The active "duer" matrix (``context.selectors.MatrixSpec``), or None."""
    return context_selectors.active_matrix(USAGE)


def levels(matrix: Any = UNSET) -> tuple[calculations.Level, ...]:
    spec = active_matrix() if matrix is UNSET else matrix
    if spec is None:
        return FALLBACK_LEVELS
    return tuple(
        calculations.Level(level.name, level.min_score, level.colour, level.is_significant)
        for level in spec.levels
    )


def scale_max(matrix: Any = UNSET) -> tuple[int, int]:
    """The largest probability and gravity accepted: the active matrix's grid, else 4 × 4."""
    spec = active_matrix() if matrix is UNSET else matrix
    return (spec.rows, spec.cols) if spec is not None else FALLBACK_SCALE


def axis_names(matrix: Any = UNSET) -> tuple[str, str]:
    spec = active_matrix() if matrix is UNSET else matrix
    if spec is None:
        return (str(_("Probability")), str(_("Gravity")))
    return (spec.row_axis_name, spec.col_axis_name)


def rate(probability: int, gravity: int, control_level: int, *, matrix: Any = UNSET) -> HazardRating:
    """Raw and residual scores and the level of the residual score (``matrix`` read once by callers
    rating many hazards)."""
    raw = calculations.raw_score(probability, gravity)
    residual = calculations.residual_score(probability, gravity, control_level)
    level = calculations.level_for(residual, levels(matrix))
    return HazardRating(
        raw=raw,
        residual=residual,
        level_name=level.name if level else "",
        colour=level.colour if level else "",
        is_significant=bool(level and level.is_significant),
    )

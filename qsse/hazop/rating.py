"""The shared criticality matrix (usage "hazop") seen from the HAZOP app, through the context app's
selectors (``rate``, ``active_matrix``, ``heat_grid``); likelihood × severity with a conventional
threshold when no matrix is configured for the usage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

USAGE = "hazop"
DEFAULT_SIGNIFICANT_SCORE = 6


@dataclass(frozen=True)
class SimpleRating:
    score: int
    level_name: str
    colour: str
    text_colour: str
    is_significant: bool


def fallback_rating(likelihood: int, severity: int) -> SimpleRating:
    """Score = likelihood × severity, significant from 6, when no "hazop" matrix is configured."""
    score = likelihood * severity
    return SimpleRating(score, "", "", "", score >= DEFAULT_SIGNIFICANT_SCORE)


def _context_selectors() -> Any:
    """The context app's selectors when they offer the per-usage matrix API, else None."""
    try:
        from qsse.context import selectors as context_selectors
    except ImportError:
        return None
    if not all(hasattr(context_selectors, name) for name in ("rate", "heat_grid")):
        return None
    return context_selectors


def _spec() -> Any:
    context_selectors = _context_selectors()
    if context_selectors is None:
        return None
    try:
        return context_selectors.active_matrix(USAGE)
    except TypeError:  # an older signature without usage
        return None


def rate(likelihood: int, severity: int) -> Any:
    """A rating with score, level_name, colour, text_colour and is_significant."""
    context_selectors = _context_selectors()
    result = context_selectors.rate(USAGE, likelihood, severity) if context_selectors else None
    return result if result is not None else fallback_rating(likelihood, severity)


def axis_names() -> tuple[str, str]:
    spec = _spec()
    return (spec.row_axis_name, spec.col_axis_name) if spec is not None else ("", "")


def scale_max() -> tuple[int, int]:
    """The largest likelihood and severity the active matrix accepts (5 × 5 when none)."""
    spec = _spec()
    return (spec.rows, spec.cols) if spec is not None else (5, 5)


def heat_grid(counts: dict[tuple[int, int], int]) -> list[list[dict]]:
    """Rows from the highest likelihood down; each cell: first, second, score, level, colours, count."""
    context_selectors = _context_selectors()
    if context_selectors is not None and _spec() is not None:
        return context_selectors.heat_grid(USAGE, counts)
    rows, cols = scale_max()
    grid = []
    for first in range(rows, 0, -1):
        row = []
        for second in range(1, cols + 1):
            result = fallback_rating(first, second)
            row.append(
                {
                    "first": first,
                    "second": second,
                    "score": result.score,
                    "level_name": result.level_name,
                    "colour": "#f8d7da" if result.is_significant else "#d1e7dd",
                    "text_colour": "#212529",
                    "count": counts.get((first, second), 0),
                }
            )
        grid.append(row)
    return grid

"""The shared criticality matrix (usage "haccp") seen from the HACCP app, through the context app's
selectors; likelihood × severity with a conventional threshold when no matrix is configured."""

from __future__ import annotations

from typing import Any

from .calculations import fallback_rating

USAGE = "haccp"


def rate(likelihood: int, severity: int) -> Any:
    """A rating with score, level_name, colour, text_colour and is_significant."""
    try:
        from qsse.context import selectors as context_selectors

        rating = context_selectors.rate(USAGE, likelihood, severity)
    except (ImportError, AttributeError):
        rating = None
    return rating if rating is not None else fallback_rating(likelihood, severity)


def heat_grid(counts: dict[tuple[int, int], int]) -> list[list[dict]]:
    """Rows from the highest likelihood down; each cell: first, second, score, level, colours, count."""
    try:
        from qsse.context import selectors as context_selectors

        return context_selectors.heat_grid(USAGE, counts)
    except (ImportError, AttributeError):
        pass
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


def axis_names() -> tuple[str, str]:
    try:
        from qsse.context import selectors as context_selectors

        spec = context_selectors.active_matrix(USAGE)
    except (ImportError, AttributeError):
        spec = None
    if spec is None:
        return "", ""
    return spec.row_axis_name, spec.col_axis_name


def scale_max() -> tuple[int, int]:
    """The largest likelihood and severity the active matrix accepts (5 × 5 when none)."""
    try:
        from qsse.context import selectors as context_selectors

        spec = context_selectors.active_matrix(USAGE)
    except (ImportError, AttributeError):
        spec = None
    if spec is None:
        return 5, 5
    return spec.rows, spec.cols

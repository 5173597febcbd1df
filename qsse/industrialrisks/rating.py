"""The rating of dangerous phenomena on the shared criticality matrix (usage "industrial" of
``qsse.context``): probability × gravity, before and after measures. When the organisation has no
active "industrial" matrix, the default 4 × 4 one is created through the context services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from qsse.context import selectors as context_selectors

USAGE = "industrial"
USAGE_LABEL = _("Industrial risks (C.28)")


@dataclass(frozen=True)
class LevelRating:
    score: int
    level_name: str
    colour: str
    text_colour: str
    is_significant: bool


def active_matrix() -> Any:
    """The active "industrial" matrix (``context.selectors.MatrixSpec``), created when missing."""
    spec = context_selectors.active_matrix(USAGE)
    if spec is None:
        from qsse.context.services import matrix_ensure_default

        matrix_ensure_default(usage=USAGE)
        spec = context_selectors.active_matrix(USAGE)
    return spec


def rate(first: int, second: int, *, matrix: Any) -> LevelRating:
    result = context_selectors.rate(USAGE, first, second, matrix=matrix)
    return LevelRating(
        score=result.score,
        level_name=result.level_name,
        colour=result.colour,
        text_colour=result.text_colour,
        is_significant=result.is_significant,
    )

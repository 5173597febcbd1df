"""How a gap's criticality reads on a page: a badge coloured by the matrix level that also says the
score and the level in words (never colour alone), and plain text in the Excel export."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html


class GapBadge(str):
    """A list cell: the text itself (Excel, and a string for the template engine, which would
    otherwise convert it) whose ``__html__`` is the badge (pages)."""

    assessment: Any

    def __new__(cls, assessment: Any) -> GapBadge:
        badge = super().__new__(cls, assessment.gap_label)
        badge.assessment = assessment
        return badge

    def __html__(self) -> str:
        return str(gap_badge(self.assessment))


def gap_badge(assessment: Any) -> str:
    """``<span class="badge" data-gap-score=…>3 × 4 = 12 – Élevé</span>``, or an em dash."""
    if assessment.gap_score is None:
        return "—"
    if assessment.gap_colour:
        style = f"background:{assessment.gap_colour};color:{assessment.gap_text_colour or '#212529'}"
    else:
        style = ""
    return format_html(
        '<span class="badge border gap-badge" style="{}" data-gap-score="{}">{}</span>',
        style,
        assessment.gap_score,
        assessment.gap_label,
    )

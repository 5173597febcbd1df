"""What HAZOP contributes to reviews: "risk_opportunity_actions" (ISO 9001 §9.3.2 e)): the significant
deviations recorded in the period [start, end) that the reviewing user may see, of the sites and the
process of the review when given, and where their recommendations stand."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection

from .selectors import significant_deviations_between

MAX_ROWS = 20


def risk_opportunity_actions(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    deviations = list(significant_deviations_between(user, start, end, site_ids, process_id))
    if not deviations:
        return []
    with_action = sum(1 for d in deviations if d.action_id)
    rows = tuple(
        (
            d.node.study.reference,
            d.node.name,
            d.text,
            str(d.score),
            d.recommendation or "—",
            f"{d.action.reference} ({d.action.get_status_display()})" if d.action else _("no action"),
        )
        for d in deviations[:MAX_ROWS]
    )
    return [
        ReviewInputSection(
            key="risk_opportunity_actions",
            title=_("HAZOP: significant deviations and their recommendations"),
            summary=_("%(count)s significant deviations, %(with_action)s with an action in the action plan.")
            % {"count": len(deviations), "with_action": with_action},
            headers=(_("Study"), _("Node"), _("Deviation"), _("Score"), _("Recommendation"), _("Action")),
            rows=rows,
            figures=(
                (_("Significant deviations"), str(len(deviations))),
                (_("With an action"), str(with_action)),
            ),
            url=reverse("hazop:study_list"),
        )
    ]

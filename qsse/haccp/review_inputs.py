"""What HACCP contributes to reviews: "risk_opportunity_actions" (ISO 9001 §9.3.2 e)): the
significant hazards, how they are controlled (CCP, OPRP, PRP), and the out-of-limit monitoring results
of the period [start, end) with the non-conformities they opened."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection

from .choices import HazardOutcome
from .selectors import out_of_limit_records_between, significant_hazards_between

MAX_ROWS = 20


def risk_opportunity_actions(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    if process_id is not None:
        return []  # a HACCP plan is not attached to a process: nothing to say in a process review
    hazards = list(significant_hazards_between(user, start, end, site_ids))
    if not hazards:
        return []
    deviations = out_of_limit_records_between(user, start, end, site_ids)
    ccp = sum(1 for h in hazards if h.outcome == HazardOutcome.CCP)
    oprp = sum(1 for h in hazards if h.outcome == HazardOutcome.OPRP)
    pending = sum(1 for h in hazards if h.outcome in (HazardOutcome.PENDING, HazardOutcome.MODIFY))
    rows = tuple(
        (
            hazard.step.plan.reference,
            f"{hazard.step.number}. {hazard.step.name}",
            hazard.description,
            str(hazard.score),
            str(hazard.get_outcome_display()),
            getattr(getattr(hazard, "control_point", None), "code", "") or "—",
        )
        for hazard in hazards[:MAX_ROWS]
    )
    return [
        ReviewInputSection(
            key="risk_opportunity_actions",
            title=_("HACCP: significant hazards and their control"),
            summary=_(
                "%(count)s significant hazards: %(ccp)s controlled at a CCP, %(oprp)s by an OPRP, "
                "%(pending)s still to decide; %(out)s monitoring results out of the critical limits "
                "in the period."
            )
            % {
                "count": len(hazards),
                "ccp": ccp,
                "oprp": oprp,
                "pending": pending,
                "out": deviations.count(),
            },
            headers=(_("Plan"), _("Step"), _("Hazard"), _("Score"), _("Outcome"), _("Control point")),
            rows=rows,
            figures=((_("Significant hazards"), str(len(hazards))), (_("CCPs"), str(ccp))),
            url=reverse("haccp:plan_list"),
        )
    ]

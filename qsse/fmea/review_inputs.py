"""What the FMEA module contributes to management and process reviews (ISO 9001 §9.3.2 e), "the
effectiveness of actions taken to address risks and opportunities"): the FMEA lines that call for
action by their FMEA's prioritisation method (AP H, or RPN at or above the organisation's high
threshold), with their action's status."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection

from .choices import PrioritisationMethod
from .models import FmeaLine
from .selectors import current_settings, fmea_list, priority_q, thresholds_of

MAX_ROWS = 30


def fmea_review_input(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    """One section listing the priority lines of the visible FMEAs (at the time of the review)."""
    fmeas = fmea_list(user)
    if site_ids is not None:
        fmeas = fmeas.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    if process_id is not None:
        fmeas = fmeas.filter(process_id=process_id)
    thresholds = thresholds_of(current_settings())
    lines = (
        FmeaLine.objects.filter(fmea__in=fmeas.values("pk"))
        .filter(
            (Q(fmea__prioritisation_method=PrioritisationMethod.RPN) & priority_q("rpn", thresholds))
            | (Q(fmea__prioritisation_method=PrioritisationMethod.AP) & priority_q("ap", thresholds))
        )
        .select_related("fmea", "action")
        .order_by("-ap_rank", "-rpn", "fmea__reference", "position")
    )
    total = lines.count()
    if total == 0:
        return []
    rows = []
    with_action = 0
    done = 0
    for line in lines[:MAX_ROWS]:
        if line.action_id:
            with_action += 1
            done += line.action.status in ("done", "checked")
        rows.append(
            (
                line.fmea.reference,
                f"{line.position}. {line.failure_mode}",
                str(line.rpn),
                line.ap or "—",
                f"{line.action.reference} – {line.action.get_status_display()}"
                if line.action_id
                else _("none"),
                f"{line.revised_rpn} / {line.revised_ap or '—'}" if line.revised_rpn is not None else "—",
            )
        )
    return [
        ReviewInputSection(
            key="risk_opportunity_actions",
            title=_("FMEA: priority failure modes and their actions"),
            summary=_(
                "%(total)s FMEA lines are high priority by their FMEA's method (action priority H, or "
                "an RPN of %(high)s or more for the FMEAs prioritised by RPN); %(with_action)s of the "
                "%(shown)s listed have an action, %(done)s of them done."
            )
            % {
                "total": total,
                "high": thresholds.high,
                "with_action": with_action,
                "shown": len(rows),
                "done": done,
            },
            headers=(_("FMEA"), _("Failure mode"), _("RPN"), _("AP"), _("Action"), _("Revised RPN / AP")),
            rows=tuple(rows),
            figures=((_("Priority lines"), str(total)), (_("With an action"), str(with_action))),
            url=reverse("fmea:fmea_list"),
        )
    ]

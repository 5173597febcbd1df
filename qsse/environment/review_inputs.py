"""What the environmental analysis contributes to the management review: ISO 14001 §9.3 b) 3)
"changes in significant environmental aspects" (filed under the review's input b), changes in
external and internal issues), with the significant aspects of the latest analyses and the
analyses approved in the period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input

from . import selectors
from .choices import AnalysisStatus

MAX_ROWS = 25


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    aspects = selectors.latest_aspects(user, site_ids)
    if process_id is not None:
        aspects = aspects.filter(activity__process_id=process_id)
    total = aspects.count()
    if not total:
        return []
    significant = aspects.filter(is_significant=True).order_by("-score", "pk")
    approved = selectors.analysis_list(user).filter(
        approved_on__gte=start,
        approved_on__lt=end,
        status__in=[AnalysisStatus.APPROVED, AnalysisStatus.SUPERSEDED],
    )
    if site_ids is not None:
        approved = approved.filter(site_id__in=site_ids)
    approved_list = list(approved.order_by("approved_on"))
    significant_count = significant.count()
    ids = list(significant.values_list("pk", flat=True))
    with_action = set(selectors.action_counts(ids))
    rows = tuple(
        (
            aspect.activity.analysis.site.name,
            aspect.activity.name,
            f"{aspect.aspect} → {aspect.impact}",
            str(aspect.get_compartment_display()),
            str(aspect.get_condition_display()),
            str(aspect.score),
            ", ".join(aspect.reason_labels()),
            _("yes") if aspect.pk in with_action else _("no"),
        )
        for aspect in significant[:MAX_ROWS]
    )
    summary = _(
        "%(significant)s significant environmental aspects out of %(total)s (latest analyses); "
        "%(without)s without any action. Analyses approved in the period: %(approved)s."
    ) % {
        "significant": significant_count,
        "total": total,
        "without": len([pk for pk in ids if pk not in with_action]),
        "approved": ", ".join(
            f"{item.reference} v{item.version} ({date_format(item.approved_on, 'SHORT_DATE_FORMAT')})"
            for item in approved_list
        )
        or _("none"),
    }
    return [
        ReviewInputSection(
            key="context_changes",
            title=_("Significant environmental aspects (ISO 14001 §9.3 b)"),
            summary=summary,
            headers=(
                _("Site"),
                _("Activity"),
                _("Aspect → impact"),
                _("Compartment"),
                _("Condition"),
                _("Score"),
                _("Why significant"),
                _("Action"),
            ),
            rows=rows,
            figures=(
                (_("Significant aspects"), str(significant_count)),
                (_("Aspects identified"), str(total)),
                (_("Analyses approved"), str(len(approved_list))),
            ),
            url=reverse("environment:summary"),
        )
    ]


def register() -> None:
    register_review_input(review_inputs)

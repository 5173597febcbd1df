"""What periodic inspections contribute to the management review ("monitoring_results", ISO 9001
§9.3.2 c) 5)): inspections performed in the period by result, observations and their actions, and
the inspections overdue at the end of the period. Process reviews get nothing (equipment has no
process)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input

from . import selectors
from .choices import VisitResult

MAX_ROWS = 20


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    if process_id is not None:
        return []
    visits = selectors.visits_in_period(user, start, end, site_ids)
    counts = visits.aggregate(
        total=Count("pk"),
        compliant=Count("pk", filter=Q(result=VisitResult.COMPLIANT)),
        unsafe=Count("pk", filter=Q(result=VisitResult.UNSAFE)),
    )
    last_day = min(end - timedelta(days=1), timezone.localdate())
    overdue = selectors.schedule_list(user).filter(
        is_required=True, equipment__is_in_service=True, next_due_on__lt=last_day
    )
    if site_ids is not None:
        overdue = overdue.filter(equipment__site_id__in=site_ids)
    overdue_count = overdue.count()
    if not counts["total"] and not overdue_count:
        return []
    observations = selectors.observation_list(user).filter(visit__in=visits.values("pk"))
    observation_counts = observations.aggregate(
        total=Count("pk"), with_action=Count("pk", filter=Q(action__isnull=False))
    )
    rows = tuple(
        (
            date_format(line.next_due_on, "SHORT_DATE_FORMAT"),
            line.inspection_type.title,
            str(line.equipment),
            line.equipment.site.name,
        )
        for line in overdue.order_by("next_due_on", "pk")[:MAX_ROWS]
    )
    return [
        ReviewInputSection(
            key="monitoring_results",
            title=_("Periodic inspections"),
            summary=_(
                "%(total)s inspections performed in the period (%(compliant)s compliant, %(unsafe)s "
                "unsafe); %(observations)s observations, %(actions)s turned into actions; %(overdue)s "
                "inspections overdue at the end of the period."
            )
            % {
                "total": counts["total"],
                "compliant": counts["compliant"],
                "unsafe": counts["unsafe"],
                "observations": observation_counts["total"],
                "actions": observation_counts["with_action"],
                "overdue": overdue_count,
            },
            headers=(_("Due on"), _("Inspection"), _("Equipment"), _("Site")),
            rows=rows,
            figures=(
                (_("Inspections performed"), str(counts["total"])),
                (_("Observations"), str(observation_counts["total"])),
                (_("Overdue inspections"), str(overdue_count)),
            ),
            url=reverse("inspections:schedule_list"),
        )
    ]


def register() -> None:
    register_review_input(review_inputs)

"""What regulatory compliance contributes to the management review (ISO 14001 and 45001 §9.3 ask
for the changes in compliance obligations and the fulfilment of them; ISO 9001 §9.3.2 b) and c) 5)
carry them in OpenQSSE's agenda):

- ``context_changes``: the library versions loaded in the period (new, modified, repealed
  requirements) and the assessments still to redo because of them (the watch);
- ``monitoring_results``: the evaluation of compliance: assessments made in the period, the current
  conformity rate of the sites under review (with its coverage), open gaps by criticality and the
  most critical of them, reassessments overdue at the end of the period.

Figures are limited to the sites the reviewing user sees and, when the review has sites, to those.
Process reviews get nothing (requirements have no process).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input

from . import selectors
from .choices import GAP_STATUSES
from .models import LibraryVersion

MAX_ROWS = 10


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _percent(value: Any) -> str:
    return "—" if value is None else f"{number_format(value, 1)} %"


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    if process_id is not None:
        return []
    assessments = selectors.assessment_list(user)
    if site_ids is not None:
        assessments = assessments.filter(site_id__in=site_ids)
    sections = []

    versions = (
        LibraryVersion.objects.filter(loaded_at__gte=_aware(start), loaded_at__lt=_aware(end))
        .select_related("library")
        .order_by("loaded_at", "pk")
    )
    to_redo = assessments.filter(needs_review=True).count()
    if versions or to_redo:
        totals = versions.aggregate(
            added=Sum("added_count"), modified=Sum("modified_count"), repealed=Sum("repealed_count")
        )
        sections.append(
            ReviewInputSection(
                key="context_changes",
                title=_("Changes in compliance obligations"),
                summary=_(
                    "%(versions)s library versions loaded in the period: %(added)s new, %(modified)s "
                    "modified and %(repealed)s repealed requirements; %(to_redo)s assessments to redo."
                )
                % {
                    "versions": len(versions),
                    "added": totals["added"] or 0,
                    "modified": totals["modified"] or 0,
                    "repealed": totals["repealed"] or 0,
                    "to_redo": to_redo,
                },
                headers=(_("Loaded on"), _("Library"), _("Version"), _("New"), _("Modified"), _("Repealed")),
                rows=tuple(
                    (
                        date_format(timezone.localtime(version.loaded_at), "SHORT_DATE_FORMAT"),
                        version.library.title,
                        version.number,
                        str(version.added_count),
                        str(version.modified_count),
                        str(version.repealed_count),
                    )
                    for version in versions[:MAX_ROWS]
                ),
                figures=((_("Assessments to redo (watch)"), str(to_redo)),),
                url=reverse("compliance:assessment_list") + "?needs_review=true",
            )
        )

    applicable = assessments.filter(is_applicable=True)
    assessed_in_period = applicable.filter(assessed_on__gte=start, assessed_on__lt=end).count()
    last_day = min(end - timedelta(days=1), timezone.localdate())
    overdue = applicable.filter(next_assessment_on__lt=last_day).count()
    counts = {
        row["status"]: row["n"] for row in applicable.values("status").annotate(n=Count("id")).order_by()
    }
    if not counts:
        return sections
    rate = selectors._rate(counts)
    gaps = applicable.filter(status__in=GAP_STATUSES)
    gap_counts = gaps.aggregate(total=Count("id"), significant=Count("id", filter=Q(gap_is_significant=True)))
    worst = gaps.order_by(F("gap_score").desc(nulls_last=True), "requirement__reference", "pk")[:MAX_ROWS]
    sections.append(
        ReviewInputSection(
            key="monitoring_results",
            title=_("Evaluation of compliance"),
            summary=_(
                "Conformity rate %(rate)s over the applicable requirements assessed (coverage "
                "%(coverage)s); %(assessed)s assessments made in the period; %(gaps)s open gaps, "
                "%(significant)s significant; %(overdue)s reassessments overdue."
            )
            % {
                "rate": _percent(rate.rate),
                "coverage": _percent(rate.coverage),
                "assessed": assessed_in_period,
                "gaps": gap_counts["total"],
                "significant": gap_counts["significant"],
                "overdue": overdue,
            },
            headers=(_("Requirement"), _("Site"), _("Conformity"), _("Gap criticality"), _("Action")),
            rows=tuple(
                (
                    f"{row.requirement.reference} – {row.requirement.title}",
                    row.site.name,
                    row.get_status_display(),
                    row.gap_label if row.gap_score is not None else "—",
                    row.action.reference if row.action else "—",
                )
                for row in worst
            ),
            figures=(
                (_("Conformity rate"), _percent(rate.rate)),
                (_("Coverage"), _percent(rate.coverage)),
                (_("Open gaps"), str(gap_counts["total"])),
                (_("Reassessments overdue"), str(overdue)),
            ),
            url=reverse("compliance:dashboard"),
        )
    )
    return sections


def register() -> None:
    register_review_input(review_inputs)

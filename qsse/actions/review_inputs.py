"""What this app contributes to process and management reviews (qsse.core.registry.ReviewInputSection).

- "previous_actions" (ISO 9001 §9.3.2 a)): the actions of the period, by status, with the overdue
  ones and the results of the efficacy checks;
- "improvement_opportunities" (§9.3.2 f)): the improvement actions of the period.

An action belongs to the period [start, end) when it was created or is due in it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input

from . import selectors
from .choices import OPEN_STATUSES, ActionStatus, ActionType, EfficacyResult
from .models import Action

MAX_ROWS = 30


def period_actions(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> QuerySet[Action]:
    """The visible actions created or due in [start, end), of the sites (and organisation-wide ones) and
    of the process when given."""
    queryset = selectors.action_list(user).filter(
        Q(due_on__gte=start, due_on__lt=end) | Q(created_at__date__gte=start, created_at__date__lt=end)
    )
    if site_ids is not None:
        queryset = queryset.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    if process_id is not None:
        queryset = queryset.filter(process_id=process_id)
    return queryset


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def review_inputs(
    user: Any,
    start: date,
    end: date,
    site_ids: frozenset[int] | None,
    process_id: int | None,
    today: date | None = None,
) -> list[ReviewInputSection]:
    today = today or timezone.localdate()
    queryset = period_actions(user, start, end, site_ids, process_id)
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        done=Count("pk", filter=Q(status__in=(ActionStatus.DONE, ActionStatus.CHECKED))),
        to_check=Count("pk", filter=Q(status=ActionStatus.DONE)),
        effective=Count(
            "pk", filter=Q(status=ActionStatus.CHECKED, efficacy_result=EfficacyResult.EFFECTIVE)
        ),
        not_effective=Count(
            "pk", filter=Q(status=ActionStatus.CHECKED, efficacy_result=EfficacyResult.NOT_EFFECTIVE)
        ),
        cancelled=Count("pk", filter=Q(status=ActionStatus.CANCELLED)),
    )
    by_status = dict(
        queryset.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    by_type = dict(queryset.order_by().values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    active = counts["total"] - counts["cancelled"]
    checked = counts["effective"] + counts["not_effective"]
    sections = [
        ReviewInputSection(
            key="previous_actions",
            title=_("Actions of the period"),
            summary=_(
                "%(total)s actions created or due in the period: %(done)s done, %(open)s open of which "
                "%(overdue)s overdue; %(effective)s of the %(checked)s efficacy checks found the action "
                "effective."
            )
            % {
                "total": counts["total"],
                "done": counts["done"],
                "open": counts["open"],
                "overdue": counts["overdue"],
                "effective": counts["effective"],
                "checked": checked,
            },
            headers=(_("Status or type"), _("Actions"), _("Share")),
            rows=tuple(
                (
                    str(status.label),
                    str(by_status.get(status.value, 0)),
                    _percent(by_status.get(status.value, 0), counts["total"]),
                )
                for status in ActionStatus
            )
            + tuple(
                (
                    str(kind.label),
                    str(by_type.get(kind.value, 0)),
                    _percent(by_type.get(kind.value, 0), counts["total"]),
                )
                for kind in ActionType
            ),
            figures=(
                (_("Actions"), str(counts["total"])),
                (_("Open actions"), str(counts["open"])),
                (_("Overdue actions"), str(counts["overdue"])),
                (_("Done (share of active actions)"), _percent(counts["done"], active)),
                (_("Awaiting efficacy check"), str(counts["to_check"])),
                (_("Judged effective"), str(counts["effective"])),
                (_("Judged not effective"), str(counts["not_effective"])),
            ),
            url=reverse("actions:action_list"),
        )
    ]
    improvements = queryset.filter(type=ActionType.IMPROVEMENT).order_by("due_on", "pk")
    improvement_counts = improvements.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        done=Count("pk", filter=Q(status__in=(ActionStatus.DONE, ActionStatus.CHECKED))),
    )
    sections.append(
        ReviewInputSection(
            key="improvement_opportunities",
            title=_("Improvement actions of the period"),
            summary=_("%(total)s improvement actions: %(done)s done, %(open)s open.") % improvement_counts,
            headers=(_("Action"), _("Title"), _("Owner"), _("Due date"), _("Status")),
            rows=tuple(
                (
                    action.reference,
                    action.title,
                    str(action.owner),
                    date_format(action.due_on, "SHORT_DATE_FORMAT"),
                    str(action.get_status_display()),
                )
                for action in improvements[:MAX_ROWS]
            ),
            figures=(
                (_("Improvement actions"), str(improvement_counts["total"])),
                (_("Actions done"), str(improvement_counts["done"])),
                (_("Open actions"), str(improvement_counts["open"])),
            ),
            url=f"{reverse('actions:action_list')}?type={ActionType.IMPROVEMENT}",
        )
    )
    return sections


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    register_review_input(review_inputs)

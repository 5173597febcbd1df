"""Indicator sources computed from this app's records (see qsse.core.registry.IndicatorSource).

Aggregated in the database over the actions of the sites ``site_ids`` (None: every site). An action
is "open" on day D when it was created on or before D, is not cancelled, and was not completed
on or before D.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source

from .choices import ActionStatus, EfficacyResult
from .models import Action


def _actions(site_ids: frozenset[int] | None) -> QuerySet[Action]:
    queryset = Action.objects.exclude(status=ActionStatus.CANCELLED)
    return queryset if site_ids is None else queryset.filter(site_id__in=site_ids)


def _reference_day(end: date) -> date:
    """The last day of the period, or today for the current period."""
    return min(end - timedelta(days=1), timezone.localdate())


def overdue_rate(start: date, end: date, site_ids: frozenset[int] | None) -> float | None:
    """Share of the actions open at the end of the period (or today) whose due date had passed, in %;
    None when no action was open."""
    day = _reference_day(end)
    created_by = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    counts = (
        _actions(site_ids)
        .filter(created_at__lt=created_by)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=day))
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=day)))
    )
    if not counts["open"]:
        return None
    return round(counts["overdue"] * 100 / counts["open"], 2)


def closed(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    """Actions completed in the period (done, or done and checked)."""
    return (
        _actions(site_ids)
        .filter(completed_on__gte=start, completed_on__lt=end)
        .filter(status__in=(ActionStatus.DONE, ActionStatus.CHECKED))
        .count()
    )


def efficacy_rate(start: date, end: date, site_ids: frozenset[int] | None) -> float | None:
    """Share of the efficacy checks of the period that judged the action effective, in %; None when
    no check was made."""
    counts = (
        _actions(site_ids)
        .filter(efficacy_checked_on__gte=start, efficacy_checked_on__lt=end)
        .exclude(efficacy_result="")
        .aggregate(
            total=Count("pk"), effective=Count("pk", filter=Q(efficacy_result=EfficacyResult.EFFECTIVE))
        )
    )
    if not counts["total"]:
        return None
    return round(counts["effective"] * 100 / counts["total"], 2)


def _list_url(**params: object) -> str:
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse('actions:action_list')}?{urlencode(query)}"


def _overdue_drilldown(start: date, end: date, site_id: int | None) -> str:
    # The list's "overdue" filter is about today: exact for the current period.
    return _list_url(
        overdue="yes", due_before=(_reference_day(end) - timedelta(days=1)).isoformat(), site=site_id
    )


def _closed_drilldown(start: date, end: date, site_id: int | None) -> str:
    # The action list has no completion-date filter yet: the actions done, of the site.
    return _list_url(status=ActionStatus.DONE, site=site_id)


def _efficacy_drilldown(start: date, end: date, site_id: int | None) -> str:
    # The list filters checks "from" a date only: the checks since the start of the period.
    return _list_url(status=ActionStatus.CHECKED, checked_after=start.isoformat(), site=site_id)


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    for source in (
        IndicatorSource(
            key="actions.overdue_rate",
            label=_("Overdue actions rate"),
            unit="%",
            domain="quality",
            compute=overdue_rate,
            drilldown=_overdue_drilldown,
            description=_("Share of the open actions whose due date has passed, at the end of the period."),
        ),
        IndicatorSource(
            key="actions.closed",
            label=_("Actions completed in the period"),
            unit=_("actions"),
            domain="quality",
            compute=closed,
            drilldown=_closed_drilldown,
            description=_("Number of actions completed in the period."),
        ),
        IndicatorSource(
            key="actions.efficacy_rate",
            label=_("Actions judged effective"),
            unit="%",
            domain="quality",
            compute=efficacy_rate,
            drilldown=_efficacy_drilldown,
            description=_("Share of the efficacy checks of the period that judged the action effective."),
        ),
    ):
        register_indicator_source(source)

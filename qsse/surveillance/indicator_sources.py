"""Indicator sources computed from the surveillance plan (see qsse.core.registry.IndicatorSource).

- ``surveillance.overdue_controls``: active controls of plans in force whose due date is before the
  last day of the period (or today for the current period): next_due_on < min(end − 1 day, today).
- ``surveillance.out_of_limits_rate``: results out of limits / results performed in [start, end),
  in percent (None without results).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source

from . import calculations
from .choices import PlanStatus
from .models import ControlPoint, ControlResult


def overdue_controls(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    day = min(end - timedelta(days=1), timezone.localdate())
    queryset = ControlPoint.objects.filter(
        is_active=True, plan__status=PlanStatus.ACTIVE, next_due_on__lt=day
    )
    if site_ids is not None:
        queryset = queryset.filter(plan__site_id__in=site_ids)
    return queryset.count()


def out_of_limits_rate(start: date, end: date, site_ids: frozenset[int] | None) -> float | None:
    queryset = ControlResult.objects.filter(performed_on__gte=start, performed_on__lt=end)
    if site_ids is not None:
        queryset = queryset.filter(control_point__plan__site_id__in=site_ids)
    counts = queryset.aggregate(total=Count("pk"), out=Count("pk", filter=Q(is_within_limits=False)))
    return calculations.within_limits_rate(counts["out"], counts["total"])


def _calendar(start: date, end: date, site_id: int | None) -> str:
    query = {"month": start.strftime("%Y-%m")}
    if site_id:
        query["site"] = str(site_id)
    return f"{reverse('surveillance:calendar')}?{urlencode(query)}"


def register() -> None:
    register_indicator_source(
        IndicatorSource(
            key="surveillance.overdue_controls",
            label=_("Overdue controls of the surveillance plan"),
            unit=_("controls"),
            domain="quality",
            compute=overdue_controls,
            drilldown=_calendar,
            description=_("Active controls whose due date has passed at the end of the period (or today)."),
        )
    )
    register_indicator_source(
        IndicatorSource(
            key="surveillance.out_of_limits_rate",
            label=_("Control results out of limits"),
            unit=_("%"),
            domain="quality",
            compute=out_of_limits_rate,
            drilldown=_calendar,
            description=_("Results out of the acceptance limits divided by the results of the period, in %."),
        )
    )

"""Indicator source computed from periodic inspections (see qsse.core.registry.IndicatorSource).

``inspections.overdue``: required inspections of equipment in service whose due date is before the
last day of the period (or today for the current period): next_due_on < min(end − 1 day, today).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source

from . import selectors


def overdue_inspections(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    day = min(end - timedelta(days=1), timezone.localdate())
    return selectors.overdue_lines(site_ids, day).count()


def _list(start: date, end: date, site_id: int | None) -> str:
    query = {"status": "overdue"}
    if site_id:
        query["site"] = str(site_id)
    return f"{reverse('inspections:schedule_list')}?{urlencode(query)}"


def register() -> None:
    register_indicator_source(
        IndicatorSource(
            key="inspections.overdue",
            label=_("Overdue periodic inspections"),
            unit=_("inspections"),
            domain="safety",
            compute=overdue_inspections,
            drilldown=_list,
            description=_(
                "Required inspections of equipment in service whose due date has passed at the end of "
                "the period (or today)."
            ),
        )
    )

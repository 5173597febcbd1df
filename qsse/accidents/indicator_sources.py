"""Indicator sources computed from the accident register and the hours worked (see
qsse.core.registry.IndicatorSource), with the conventions of ../shared/domain/qsse-rules-brief.md
§2.1: TF = accidents with lost time × 1,000,000 / hours worked; TG = days lost × 1,000 / hours
worked; TF2 counts accidents without lost time too. A period whose months do not all have their
hours entered gives None (not computable)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source
from qsse.organization.models import Site

from . import calculations, selectors


def _sites(site_ids: frozenset[int] | None) -> list[int]:
    queryset = Site.objects.filter(is_active=True)
    if site_ids is not None:
        queryset = queryset.filter(pk__in=site_ids)
    return list(queryset.values_list("pk", flat=True))


def frequency_rate(start: date, end: date, site_ids: frozenset[int] | None):
    return calculations.rates(selectors.period_figures(_sites(site_ids), start, end)).tf


def frequency_rate_2(start: date, end: date, site_ids: frozenset[int] | None):
    return calculations.rates(selectors.period_figures(_sites(site_ids), start, end)).tf2


def severity_rate(start: date, end: date, site_ids: frozenset[int] | None):
    return calculations.rates(selectors.period_figures(_sites(site_ids), start, end)).tg


def lost_time_accidents(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    return selectors.period_figures(_sites(site_ids), start, end).lost_time_accidents


def days_lost(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    return selectors.period_figures(_sites(site_ids), start, end).days_lost


def _list(start: date, end: date, site_id: int | None) -> str:
    query = {"occurred_from": start.isoformat(), "occurred_to": end.isoformat()}
    if site_id:
        query["site"] = str(site_id)
    return f"{reverse('accidents:accident_list')}?{urlencode(query)}"


def register() -> None:
    for key, label, unit, compute, description in (
        (
            "accidents.frequency_rate",
            _("Accident frequency rate (TF)"),
            _("per million hours"),
            frequency_rate,
            _("Accidents with lost time × 1,000,000 / hours worked; not computable without the hours."),
        ),
        (
            "accidents.frequency_rate_2",
            _("Accident frequency rate with and without lost time (TF2)"),
            _("per million hours"),
            frequency_rate_2,
            _("Accidents at work with and without lost time × 1,000,000 / hours worked."),
        ),
        (
            "accidents.severity_rate",
            _("Accident severity rate (TG)"),
            _("per thousand hours"),
            severity_rate,
            _("Days lost × 1,000 / hours worked; not computable without the hours."),
        ),
        (
            "accidents.lost_time",
            _("Accidents with lost time"),
            _("accidents"),
            lost_time_accidents,
            _("Accidents at work with at least one day of sick leave."),
        ),
        (
            "accidents.days_lost",
            _("Days lost through accidents"),
            _("days"),
            days_lost,
            _("Days of sick leave of the accidents with lost time of the period."),
        ),
    ):
        register_indicator_source(
            IndicatorSource(
                key=key,
                label=label,
                unit=unit,
                domain="safety",
                compute=compute,
                drilldown=_list,
                description=description,
            )
        )

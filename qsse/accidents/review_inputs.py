"""What the accident register contributes to the management review ("monitoring_results", ISO
45001 §9.3 d) / ISO 9001 §9.3.2 c) 5)): accidents and near misses of the period by kind, the rates
of the period (TF, TG, not computable without hours) and the accidents of the period. No personal
data: the rows give the reference, date, kind, site and title only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input
from qsse.organization import selectors as organization_selectors

from . import calculations, selectors
from .choices import AccidentKind

MAX_ROWS = 20


def _rate(value) -> str:
    return _("not computable") if value is None else str(value)


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    if process_id is not None:
        return []
    accidents = selectors.accidents_in_period(user, start, end, site_ids)
    counts = {kind: 0 for kind in AccidentKind.values}
    for row in accidents.values("kind").order_by():
        counts[row["kind"]] += 1
    if not sum(counts.values()):
        return []
    sites = [
        site.pk for site in organization_selectors.site_list(user) if site_ids is None or site.pk in site_ids
    ]
    rates = calculations.rates(selectors.period_figures(sites, start, end))
    rows = tuple(
        (
            accident.reference,
            date_format(accident.occurred_at.date(), "SHORT_DATE_FORMAT"),
            accident.get_kind_display(),
            accident.site.name,
            accident.title,
        )
        for accident in accidents.order_by("occurred_at", "pk")[:MAX_ROWS]
    )
    return [
        ReviewInputSection(
            key="monitoring_results",
            title=_("Accidents and near misses"),
            summary=_(
                "%(lost_time)s accidents with lost time, %(no_lost_time)s without lost time, "
                "%(commuting)s commuting accidents, %(near_misses)s near misses and %(incidents)s "
                "incidents in the period; frequency rate %(tf)s, severity rate %(tg)s."
            )
            % {
                "lost_time": counts[AccidentKind.LOST_TIME],
                "no_lost_time": counts[AccidentKind.NO_LOST_TIME],
                "commuting": counts[AccidentKind.COMMUTING],
                "near_misses": counts[AccidentKind.NEAR_MISS],
                "incidents": counts[AccidentKind.INCIDENT],
                "tf": _rate(rates.tf),
                "tg": _rate(rates.tg),
            },
            headers=(_("Reference"), _("Date"), _("Kind"), _("Site"), _("Title")),
            rows=rows,
            figures=(
                (_("Accidents with lost time"), str(counts[AccidentKind.LOST_TIME])),
                (_("Near misses"), str(counts[AccidentKind.NEAR_MISS])),
                (_("Frequency rate (TF)"), _rate(rates.tf)),
                (_("Severity rate (TG)"), _rate(rates.tg)),
            ),
            url=reverse("accidents:accident_list"),
        )
    ]


def register() -> None:
    register_review_input(review_inputs)

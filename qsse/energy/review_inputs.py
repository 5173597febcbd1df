"""What the energy module contributes to the management review (ISO 50001 §9.3: energy
performance, EnPIs against the baselines, significant uses, action plans): put under
"monitoring_results" (ISO 9001 §9.3.2 c) 5)). Process reviews get nothing (energy has no process)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input

from . import selectors, services


def _n(value: float | None, places: int = 0) -> str:
    if value is None:
        return "—"
    return number_format(round(value, places), places, force_grouping=True)


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    if process_id is not None:
        return []
    data = selectors.summary(user, start, end, site_ids)
    if not data.kwh:
        return []
    threshold = services.settings_get().significant_use_percent
    use_rows, _inconsistent = selectors.uses(user, start, end, site_ids, threshold)
    significant = [row.label for row in use_rows if row.is_significant]
    rows = []
    for indicator in selectors.indicator_list(user).filter(is_active=True):
        if site_ids is not None and indicator.site_id not in site_ids:
            continue
        report = selectors.indicator_report(indicator, start, end)
        savings = report.savings
        rows.append(
            (
                indicator.name,
                indicator.site.name,
                f"{_n(report.enpi, 2)} {indicator.unit}",
                f"{_n(indicator.baseline_ratio, 2)} {indicator.unit}",
                f"{_n(savings.savings_kwh)} kWh ({_n(savings.savings_percent, 1)} %)" if savings else "—",
            )
        )
    levers = selectors.lever_totals(user)
    return [
        ReviewInputSection(
            key="monitoring_results",
            title=_("Energy performance and greenhouse gases"),
            summary=_(
                "%(mwh)s MWh consumed in the period (%(cost)s € excl. VAT), %(tco2e)s tCO2e (scope 1: "
                "%(scope1)s, scope 2: %(scope2)s); significant energy uses: %(uses)s; %(levers)s savings "
                "levers estimated at %(lever_kwh)s kWh per year."
            )
            % {
                "mwh": _n(data.kwh / 1000, 1),
                "cost": _n(data.cost),
                "tco2e": _n(data.tco2e, 1),
                "scope1": _n(data.scope_1, 1),
                "scope2": _n(data.scope_2, 1),
                "uses": ", ".join(significant) or "—",
                "levers": levers["count"] or 0,
                "lever_kwh": _n(float(levers["kwh"] or 0)),
            },
            headers=(_("EnPI"), _("Site"), _("Period"), _("Baseline"), _("Normalised savings")),
            rows=tuple(rows),
            figures=(
                (_("Energy consumed (MWh)"), _n(data.kwh / 1000, 1)),
                (_("Emissions (tCO2e)"), _n(data.tco2e, 1)),
                (_("Cost per kWh (€)"), _n(data.cost_per_kwh, 4)),
            ),
            url=reverse("energy:overview"),
        )
    ]


def register() -> None:
    register_review_input(review_inputs)

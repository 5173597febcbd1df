"""Indicator sources computed from the energy records (see qsse.core.registry.IndicatorSource).

- ``energy.kwh``: kWh (PCI) of the main meters counting in the period.
- ``energy.tco2e``: tCO₂e of those kWh, scope 1 + 2, with the factor valid each month.
- ``energy.cost_per_kwh``: € excl. VAT per kWh of the records with a cost.
- ``energy.enpi_savings``: normalised savings of the active EnPIs over the period, in % of the
  consumption their baselines predict (positive: better than the baseline).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source

from . import selectors


def total_kwh(start: date, end: date, site_ids: frozenset[int] | None) -> float:
    return round(selectors.summary(None, start, end, site_ids).kwh, 1)


def total_tco2e(start: date, end: date, site_ids: frozenset[int] | None) -> float:
    return round(selectors.summary(None, start, end, site_ids).tco2e, 3)


def cost_per_kwh(start: date, end: date, site_ids: frozenset[int] | None) -> float | None:
    value = selectors.summary(None, start, end, site_ids).cost_per_kwh
    return round(value, 4) if value is not None else None


def enpi_savings(start: date, end: date, site_ids: frozenset[int] | None) -> float | None:
    savings = selectors.savings_of_indicators(selectors.active_indicators(site_ids), start, end)
    if savings is None or savings.savings_percent is None:
        return None
    return round(savings.savings_percent, 2)


def _records(start: date, end: date, site_id: int | None) -> str:
    query = {"month_after": start.isoformat(), "month_before": end.isoformat()}
    if site_id:
        query["site"] = str(site_id)
    return f"{reverse('energy:consumption_list')}?{urlencode(query)}"


def _indicators(start: date, end: date, site_id: int | None) -> str:
    return reverse("energy:indicator_list") + (f"?site={site_id}" if site_id else "")


def register() -> None:
    register_indicator_source(
        IndicatorSource(
            key="energy.kwh",
            label=_("Energy consumption"),
            unit=_("kWh"),
            domain="energy",
            compute=total_kwh,
            drilldown=_records,
            description=_("kWh (net calorific value) of the main meters in the period, every carrier."),
        )
    )
    register_indicator_source(
        IndicatorSource(
            key="energy.tco2e",
            label=_("Greenhouse gas emissions of energy (scopes 1 and 2)"),
            unit=_("tCO2e"),
            domain="energy",
            compute=total_tco2e,
            drilldown=_records,
            description=_("kWh of each carrier × the emission factor valid in the month."),
        )
    )
    register_indicator_source(
        IndicatorSource(
            key="energy.cost_per_kwh",
            label=_("Energy cost per kWh"),
            unit=_("€/kWh"),
            domain="energy",
            compute=cost_per_kwh,
            drilldown=_records,
            description=_("Cost excl. VAT of the invoices divided by their kWh."),
        )
    )
    register_indicator_source(
        IndicatorSource(
            key="energy.enpi_savings",
            label=_("Energy savings against the baselines (EnPIs)"),
            unit=_("%"),
            domain="energy",
            compute=enpi_savings,
            drilldown=_indicators,
            description=_(
                "Normalised savings of the active EnPIs: (consumption predicted by the baselines for the "
                "period's conditions − actual consumption) ÷ predicted consumption."
            ),
        )
    )

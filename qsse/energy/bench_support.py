"""Benchmark support: a large energy history for the energy pages.

``seed_large_energy(user, sites=10, meters=84, months=240)`` gives each site an electricity general
meter and a gas meter with sub-meters (``meters`` in all per site, about a quarter of them gas)
and one record per meter and month over ``months`` months: 10 × 84 × 240 = 201,600 records, written
with ``bulk_insert_with_history`` (history rows included), plus a relevant variable with its monthly
values and a regression EnPI per site.

URLs to time: ``bench_urls(site, year)`` (overview, energy review, the records list filtered and
sorted, an EnPI page).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qsse.core.bulk import bulk_insert_with_history
from qsse.organization.models import Organization, Site

from . import calculations, services
from .choices import EnergyUse, IndicatorKind
from .models import Consumption, EmissionFactor, EnergyCarrier, EnergyIndicator, Meter, VariableValue
from .reference_data import load_carriers

USES = [u for u in EnergyUse.values if u != EnergyUse.GENERAL]


@dataclass(frozen=True)
class EnergyBench:
    sites: int
    meters: int
    records: int
    seed_s: float
    first_month: str
    last_month: str


def _month(index: int, first: date) -> date:
    return calculations.add_months(first, index)


@transaction.atomic
def seed_large_energy(user: Any, *, sites: int = 10, meters: int = 84, months: int = 240) -> EnergyBench:
    started = time.perf_counter()
    load_carriers(EnergyCarrier, EmissionFactor)
    rng = random.Random(50001)
    electricity = EnergyCarrier.objects.get(code="electricity")
    gas = EnergyCarrier.objects.get(code="natural_gas")
    organization = Organization.objects.order_by("pk").first()
    site_list = list(Site.objects.order_by("pk")[:sites])
    for number in range(len(site_list), sites):
        site_list.append(
            Site.objects.create(organization=organization, code=f"NRG{number}", name=f"Usine {number}")
        )
    last = calculations.add_months(timezone.localdate(), -1)
    first = calculations.add_months(last, -(months - 1))
    now = timezone.now()
    records: list[Consumption] = []
    all_meters = 0
    for site in site_list:
        main_e = services.meter_create(user=user, site=site, carrier=electricity, name=f"TGBT {site.code}")
        main_g = services.meter_create(
            user=user, site=site, carrier=gas, name=f"Gaz {site.code}", use="heating"
        )
        site_meters = [main_e, main_g]
        for number in range(meters - 2):
            parent = main_g if number % 4 == 0 else main_e
            site_meters.append(
                services.meter_create(
                    user=user,
                    site=site,
                    carrier=parent.carrier,
                    name=f"Sous-compteur {site.code}-{number}",
                    use=USES[number % len(USES)],
                    parent=parent,
                )
            )
        all_meters += len(site_meters)
        variable = services.variable_create(user=user, site=site, name="Pièces", unit="pièces")
        VariableValue.objects.bulk_create(
            VariableValue(
                variable=variable, month=_month(i, first), value=Decimal(rng.randint(20_000, 40_000))
            )
            for i in range(months)
        )
        for meter in site_meters:
            base = 150_000 if meter.parent_id is None else 2_000
            factor = meter.carrier.kwh_per_unit
            for i in range(months):
                month = _month(i, first)
                quantity = Decimal(int(base * rng.uniform(0.8, 1.2)))
                records.append(
                    Consumption(
                        meter=meter,
                        kind="invoice",
                        period_start=month,
                        period_end=calculations.add_months(month, 1) - timedelta(days=1),
                        month=month,
                        quantity=quantity,
                        kwh=calculations.to_kwh(quantity, factor),
                        cost=(quantity * Decimal("0.12")).quantize(Decimal("0.01"))
                        if meter.parent_id is None
                        else None,
                        reference=f"B-{meter.pk}-{i}",
                        created_by=user,
                        created_at=now,
                        updated_at=now,
                    )
                )
        services.indicator_create(
            user=user,
            site=site,
            name=f"kWh par pièce {site.code}",
            variable=variable,
            kind=IndicatorKind.REGRESSION,
            baseline_start=first,
            baseline_end=calculations.add_months(first, 11),
        )
    bulk_insert_with_history(Consumption, records, history_user=user)
    return EnergyBench(
        sites=len(site_list),
        meters=all_meters,
        records=len(records),
        seed_s=round(time.perf_counter() - started, 1),
        first_month=f"{first:%Y-%m}",
        last_month=f"{last:%Y-%m}",
    )


def bench_urls(site: Site, year: int) -> dict[str, str]:
    """The energy pages timed by ``make bench``."""
    indicator = EnergyIndicator.objects.filter(site=site).order_by("pk").first()
    meter = Meter.objects.filter(site=site, parent__isnull=True).order_by("pk").first()
    urls = {
        "energy_overview": reverse("energy:overview") + f"?year={year}",
        "energy_overview_site": reverse("energy:overview") + f"?year={year}&site={site.pk}",
        "energy_review": reverse("energy:review") + f"?year={year}",
        "energy_records": reverse("energy:consumption_list"),
        "energy_records_filtered": reverse("energy:consumption_list")
        + f"?site={site.pk}&year={year}&carrier={meter.carrier_id if meter else ''}&sort=-kwh",
    }
    if indicator is not None:
        urls["energy_enpi"] = reverse("energy:indicator_detail", args=[indicator.pk]) + f"?year={year}"
    return urls

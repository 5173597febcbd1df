"""Benchmark support for ``make bench``: a waste register of 200,000 lines (issue 7 §6: filters and
yearly totals p95 < 200 ms).

``seed_large_waste(user, lines=200_000, years=5)`` gives every active site (at least the demo's)
twelve waste streams (chips, emulsions, solvents, packaging, mixed waste…) and spreads ``lines``
removals over the last ``years`` years, by bulk insert with their history rows
(``qsse.core.bulk.bulk_insert_with_history``) and the register's derived values computed by the
same pure functions as the services; references reserved per year. Then ANALYZE.

URLs to time: ``bench_urls()``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from qsse.core.bulk import bulk_insert_with_history
from qsse.organization.models import Site

from . import calculations, services
from .models import Contractor, TreatmentCode, WasteCode, WasteRemoval, WasteStream

# (name, code, sorting flow, treatment, unit, density, quantity range)
STREAMS = (
    ("Copeaux acier", "120101", "metal", "R4", "t", None, (2, 6)),
    ("Copeaux aluminium", "120103", "metal", "R4", "t", None, (0.5, 2)),
    ("Émulsions d'usinage", "120109", "none", "D9", "t", None, (1, 3)),
    ("Solvants usagés", "140603", "none", "R2", "t", None, (0.2, 0.8)),
    ("Boues de peinture", "080113", "none", "D10", "t", None, (0.1, 0.5)),
    ("Chiffons souillés", "150202", "none", "R1", "t", None, (0.1, 0.4)),
    ("Cartons", "150101", "paper_cardboard", "R3", "m3", "0.050", (8, 20)),
    ("Emballages plastique", "150102", "plastic", "R3", "t", None, (0.1, 0.5)),
    ("Palettes bois", "150103", "wood", "R3", "t", None, (0.4, 1.2)),
    ("DIB en mélange", "200301", "none", "D10", "m3", None, (10, 30)),
    ("Tubes fluorescents", "200121", "none", "R4", "t", None, (0.01, 0.05)),
    ("Gravats", "170107", "mineral", "R5", "t", None, (1, 8)),
)


@dataclass(frozen=True)
class WasteBench:
    sites: int
    streams: int
    lines: int
    years: int
    seed_s: float


def _contractor(user: Any) -> Contractor:
    existing = Contractor.objects.filter(name="Prestataire de charge").first()
    return existing or services.contractor_create(
        user=user,
        name="Prestataire de charge",
        siret="73282932000074",
        is_collector=True,
        is_transporter=True,
        is_facility=True,
        receipt_number="R-BENCH",
    )


@transaction.atomic
def seed_large_waste(
    user: Any, *, lines: int = 200_000, years: int = 5, today: date | None = None
) -> WasteBench:
    started = time.perf_counter()
    today = today or timezone.localdate()
    rng = random.Random(200_000)
    contractor = _contractor(user)
    codes = {code.code: code for code in WasteCode.objects.filter(code__in=[s[1] for s in STREAMS])}
    treatments = {treatment.code: treatment for treatment in TreatmentCode.objects.all()}
    inert = frozenset(code for code, item in codes.items() if item.category == calculations.INERT)
    sites = list(Site.objects.filter(is_active=True).order_by("pk"))
    streams: list[WasteStream] = []
    for site in sites:
        for name, code, flow, treatment, _unit, density, _range in STREAMS:
            stream = WasteStream.objects.filter(site=site, name=f"{name} (charge)").first()
            if stream is None:
                stream = services.stream_create(
                    user=user,
                    site=site,
                    name=f"{name} (charge)",
                    waste_code=codes[code],
                    sorting_flow=flow,
                    collector=contractor,
                    transporter=contractor,
                    facility=contractor,
                    treatment_code=treatments[treatment],
                    density=Decimal(density) if density else None,
                )
            streams.append(stream)
    specs = {stream.pk: spec for stream, spec in zip(streams, STREAMS * len(sites), strict=True)}
    first_day = today - timedelta(days=365 * years)
    span = (today - first_day).days
    removals: list[WasteRemoval] = []
    for number in range(lines):
        stream = streams[number % len(streams)]
        name, code, _flow, treatment, unit, density, (low, high) = specs[stream.pk]
        removed_on = first_day + timedelta(days=rng.randrange(span))
        quantity = Decimal(str(round(rng.uniform(low, high), 2)))
        waste_code = codes[code]
        density_value = Decimal(density) if density else None
        removals.append(
            WasteRemoval(
                site_id=stream.site_id,
                stream=stream,
                removed_on=removed_on,
                year=removed_on.year,
                usual_name=name,
                waste_code=waste_code,
                quantity=quantity,
                unit=unit,
                density=density_value,
                tonnes=calculations.quantity_in_tonnes(quantity, unit, density_value),
                collector=contractor,
                transporter=contractor,
                facility=contractor,
                treatment_code=treatments[treatment],
                treatment_kind=calculations.treatment_kind(treatment),
                category=calculations.waste_category(code, waste_code.is_hazardous, inert),
                is_hazardous=waste_code.is_hazardous,
                tracking_number=(f"BSD-{removed_on:%Y%m%d}-{number:09d}" if waste_code.is_hazardous else ""),
                created_by=user,
            )
        )
    removals.sort(key=lambda removal: removal.removed_on)
    by_year: dict[int, list[WasteRemoval]] = {}
    for removal in removals:
        by_year.setdefault(removal.year, []).append(removal)
    for year, items in by_year.items():
        for removal, reference in zip(items, services._reserve_references(year, len(items)), strict=True):
            removal.reference = reference
    bulk_insert_with_history(WasteRemoval, removals, history_user=user)
    services.refresh_year_totals({(removal.year, removal.site_id) for removal in removals})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return WasteBench(
        sites=len(sites),
        streams=len(streams),
        lines=len(removals),
        years=years,
        seed_s=round(time.perf_counter() - started, 1),
    )


def bench_urls(today: date | None = None) -> dict[str, str]:
    """The register (first page, and filtered by site + year + category, by waste code, by date
    range) and the yearly totals (dashboard: all sites, one site)."""
    today = today or timezone.localdate()
    site = Site.objects.filter(is_active=True).order_by("pk").first()
    register = reverse("waste:removal_list")
    dashboard = reverse("waste:dashboard")
    year = today.year - 1
    return {
        "register": register,
        "register_site_year": f"{register}?site={site.pk}&year={year}&category=hazardous",
        "register_code": f"{register}?code=12+01+09",
        "register_period": (
            f"{register}?removed_from={year}-03-01&removed_to={year}-03-31&treatment_kind=recovery"
        ),
        "dashboard": f"{dashboard}?year={year}",
        "dashboard_site": f"{dashboard}?year={year}&site={site.pk}",
        "api_stats": reverse("waste-removal-stats") + f"?year={year}",
    }

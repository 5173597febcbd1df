"""Benchmark support for ``make bench``: an ICPE register of 100,000 declared quantities.

``seed_large_icpe(user, sites=10, installations=50_000)`` adds ``installations`` installations spread
over the organisation's sites (creating bench sites when fewer than ``sites`` exist), each declaring
two quantities under shipped rubriques (machining, combustion, surface treatment, painting,
warehouse, flammable liquids…), written with ``bulk_insert_with_history`` (creation history
included). The status pages then sum these quantities in the database.

URLs to time: ``bench_urls(site)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse

from qsse.core.bulk import bulk_insert_with_history
from qsse.organization.models import Site

from . import services
from .models import ClassifiedActivity, Installation, Rubrique

# (rubrique, low, high) of the quantities drawn per installation
RANGES = (
    ("2560", 5, 60),
    ("2910-A", Decimal("0.01"), Decimal("0.2")),
    ("2565-2", 50, 400),
    ("2940-2", 1, 5),
    ("1510", 100, 900),
    ("4331", Decimal("0.01"), Decimal("0.5")),
    ("4510", Decimal("0.01"), Decimal("0.2")),
    ("2925-1", 1, 10),
)
BATCH = 5_000


@dataclass(frozen=True)
class IcpeBench:
    sites: int
    installations: int
    quantities: int


def _draw(rng: random.Random, low: Any, high: Any) -> Decimal:
    return (Decimal(str(low)) + (Decimal(str(high)) - Decimal(str(low))) * Decimal(rng.random())).quantize(
        Decimal("0.0001")
    )


def seed_large_icpe(user: Any, *, sites: int = 10, installations: int = 50_000) -> IcpeBench:
    services.nomenclature_load()
    rng = random.Random(7)
    site_list = list(Site.objects.order_by("pk")[:sites])
    organisation = site_list[0].organization if site_list else None
    for index in range(len(site_list), sites):
        site_list.append(
            Site.objects.create(organization=organisation, code=f"ICPE{index}", name=f"Site ICPE {index}")
        )
    rubriques = {r.code: r for r in Rubrique.objects.filter(code__in=[code for code, _, _ in RANGES])}
    created = quantities = 0
    while created < installations:
        size = min(BATCH, installations - created)
        with transaction.atomic():
            batch = [
                Installation(
                    site=site_list[(created + i) % len(site_list)], name=f"Installation {created + i:06d}"
                )
                for i in range(size)
            ]
            bulk_insert_with_history(Installation, batch, history_user=user)
            lines = []
            for installation in batch:
                for code, low, high in rng.sample(RANGES, 2):
                    lines.append(
                        ClassifiedActivity(
                            installation=installation,
                            rubrique=rubriques[code],
                            quantity=_draw(rng, low, high),
                        )
                    )
            bulk_insert_with_history(ClassifiedActivity, lines, history_user=user)
        created += size
        quantities += len(lines)
    with transaction.atomic():
        services.totals_refresh(site_ids=[site.pk for site in site_list])
    return IcpeBench(len(site_list), created, quantities)


def bench_urls(site: Site) -> dict[str, str]:
    """The ICPE pages timed by ``make bench``."""
    return {
        "overview": reverse("icpe:overview"),
        "site_status": reverse("icpe:site_status", args=[site.pk]),
        "register": reverse("icpe:register"),
        "register_filtered": reverse("icpe:register") + f"?site={site.pk}&rubrique=2910",
        "controls": reverse("icpe:control_list"),
        "api_status": f"/api/v1/icpe/site-status/{site.pk}/",
    }

"""Benchmark support for ``make bench``: a DUER of 60 work units × 20 hazards rendered as PDF.

``seed_large_duer(user, owner)`` creates the work units on one site and the hazards with a
measure each by bulk inserts (the rating computed by ``rating.rate`` as the services do), then
``time_duer_pdf(duer)`` reads the content (three queries) and compiles the PDF, timed: the
issue's target is < 5 s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from qsse.organization.models import Site, WorkUnit

from . import rating, report, snapshot
from .models import Duer, Hazard, HazardFamily, PreventionMeasure

PDF_TARGET_S = 5.0


@dataclass(frozen=True)
class DuerBench:
    work_units: int
    hazards: int
    pdf_s: float
    pdf_kb: int


@transaction.atomic
def seed_large_duer(user: Any, owner: Any, *, site: Site, units: int = 60, hazards: int = 20) -> Duer:
    duer = Duer.objects.create(
        title=f"DUER bench {units} × {hazards}", site=site, owner=owner, created_by=user
    )
    work_units = WorkUnit.objects.bulk_create(
        [WorkUnit(site=site, name=f"Unité bench {number:03d}", headcount=10) for number in range(units)]
    )
    families = list(HazardFamily.objects.filter(is_active=True))
    matrix = rating.active_matrix()
    rows = []
    for unit in work_units:
        for number in range(hazards):
            probability, gravity, control = 1 + number % 4, 1 + (number // 4) % 4, 1 + number % 3
            result = rating.rate(probability, gravity, control, matrix=matrix)
            rows.append(
                Hazard(
                    duer=duer,
                    work_unit=unit,
                    family=families[number % len(families)],
                    situation=f"Situation dangereuse {number} de l'unité {unit.name}",
                    exposed_count=5,
                    existing_measures="Consignes, EPI",
                    probability=probability,
                    gravity=gravity,
                    control_level=control,
                    raw_score=result.raw,
                    residual_score=result.residual,
                    residual_level=result.level_name,
                    residual_colour=result.colour,
                    is_significant=result.is_significant,
                )
            )
    created = Hazard.objects.bulk_create(rows, batch_size=1000)
    PreventionMeasure.objects.bulk_create(
        [
            PreventionMeasure(
                hazard=hazard, description="Mesure de prévention", principle="plan", measure_type="technical"
            )
            for hazard in created
        ],
        batch_size=1000,
    )
    return duer


def time_duer_pdf(duer: Duer) -> DuerBench:
    started = time.perf_counter()
    content = snapshot.duer_content(duer)
    body = report.pdf(content, heading="Brouillon", dated="—")
    elapsed = round(time.perf_counter() - started, 2)
    count = sum(len(unit["hazards"]) for unit in content["work_units"])
    return DuerBench(len(content["work_units"]), count, elapsed, len(body) // 1024)

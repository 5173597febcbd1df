"""Benchmark support: a large FMEA for ``make bench`` (opening and re-sorting a 5,000-line worksheet).

URLs to time (p95 < 300 ms), with ``fmea = seed_large_fmea(user)``:
- open:            reverse("fmea:fmea_detail", args=[fmea.pk])
- sorted by RPN:   reverse("fmea:fmea_detail", args=[fmea.pk]) + "?sort=-rpn"
- sorted by AP:    reverse("fmea:fmea_detail", args=[fmea.pk]) + "?sort=-ap"
(the worksheet fragment alone: the same URLs with the header ``HX-Request: true`` and
``HX-Target: worksheet``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from . import calculations, selectors, services
from .choices import AP_RANK
from .models import Fmea, FmeaLine

STEPS = (
    "Débit barre",
    "Tournage ébauche",
    "Tournage finition",
    "Perçage",
    "Taraudage",
    "Ébavurage",
    "Contrôle",
)
MODES = ("Cote hors tolérance", "Bavure", "Rayure", "Filetage incomplet", "Outil cassé", "Rugosité excessive")


@transaction.atomic
def seed_large_fmea(user: Any, lines: int = 5000) -> Fmea:
    """An FMEA with ``lines`` worksheet lines (bulk-created, RPN/AP computed) owned by ``user``."""
    fmea = services.fmea_create(user=user, title=f"AMDEC de charge ({lines} lignes)", kind="process")
    lookup = calculations.ap_lookup(selectors.active_ap_rules())
    batch = []
    for number in range(1, lines + 1):
        s, o, d = number % 10 + 1, (number * 7) % 10 + 1, (number * 3) % 10 + 1
        ap = lookup.get((s, o, d), "")
        batch.append(
            FmeaLine(
                fmea=fmea,
                position=number,
                process_step=STEPS[number % len(STEPS)],
                failure_mode=f"{MODES[number % len(MODES)]} n° {number}",
                effect="Pièce non conforme chez le client",
                severity=s,
                cause="Usure d'outil",
                prevention_controls="Changement d'outil préventif",
                occurrence=o,
                detection_controls="Autocontrôle",
                detection=d,
                rpn=s * o * d,
                ap=ap,
                ap_rank=AP_RANK[ap],
            )
        )
    FmeaLine.objects.bulk_create(batch, batch_size=services.BULK_BATCH)
    return fmea


def bench_urls(fmea: Fmea) -> dict[str, str]:
    """The worksheet URLs ``make bench`` times."""
    base = reverse("fmea:fmea_detail", args=[fmea.pk])
    return {"open": base, "sorted_by_rpn": f"{base}?sort=-rpn", "sorted_by_ap": f"{base}?sort=-ap"}

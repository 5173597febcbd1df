"""Demo data of the surveillance module: the story of MBP (see docs of the demo organisation).

Montluçon watches its residual risks with two plans: the surface-treatment line (anodising bath
analysed every week, solvent degreasing vapour detector checked every month) and machining and
utilities (CNC coolant concentration every day, compressed-air leak survey every quarter, extraction
airflow every year). Two results out of limits opened non-conformities (bath temperature during the
July 2025 heat wave, coolant too lean in the autumn of 2026); two controls are overdue.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone


def _risk(user: Any, title: str) -> Any:
    from qsse.context import selectors as context_selectors

    return context_selectors.risk_list(user).filter(title=title).first()


def _series(first: date, last: date, step: timedelta) -> list[date]:
    days = []
    day = first
    while day <= last:
        days.append(day)
        day += step
    return days


def seed_surveillance(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the surveillance records of the demo organisation; returns counts by kind for the summary."""
    from qsse.context import services as context_services
    from qsse.surveillance import services

    context_services.matrix_ensure_default(usage="surveillance")
    # A result cannot be dated after the real today (the services refuse it).
    today = min(today, timezone.localdate())
    rng = random.Random(20250106)
    people = org.people
    mtl = org.sites["MTL"]
    surface_plan = services.plan_create(
        user=user,
        title="Plan de surveillance – ligne de traitement de surface (Montluçon)",
        owner=people["surface"],
        site=mtl,
        process=processes.get("REA-06"),
        description=(
            "Maîtrise des risques résiduels de la ligne d'anodisation et du dégraissage solvant : "
            "analyses de bain, détection de vapeurs. Revue à chaque revue de processus."
        ),
    )
    machining_plan = services.plan_create(
        user=user,
        title="Plan de surveillance – usinage et utilités (Montluçon)",
        owner=people["machining"],
        site=mtl,
        process=processes.get("REA-05"),
        description="Fluide de coupe des centres CNC, réseau d'air comprimé et aspiration des ateliers.",
    )
    bath_risk = _risk(user, "Dérive du bain d'anodisation (concentration, température)")
    fire_risk = _risk(user, "Incendie du stockage de produits chimiques")
    energy_risk = _risk(user, "Hausse du prix de l'énergie")
    noise_risk = _risk(user, "Plainte des riverains pour bruit de la ventilation")
    start = date(2025, 1, 6)  # a Monday
    weekly = dict(interval_unit="week", interval_count=1)

    def point(plan, reference, first_due, **fields):
        return services.control_point_create(
            user=user, plan=plan, reference=reference, next_due_on=first_due, **fields
        )

    concentration = point(
        surface_plan,
        "AN-01",
        start,
        what="Concentration en acide sulfurique du bain d'anodisation",
        method="Prélèvement au point P1 après agitation, titrage à la soude 1 N (mode opératoire MO-TS-04).",
        responsible=people["lead_surface"],
        risk=bath_risk,
        minimum=Decimal("180"),
        maximum=Decimal("200"),
        unit="g/L",
        record_to_keep="Fiche d'analyse du bain FE-TS-12",
        residual_frequency=2,
        residual_gravity=3,
        **weekly,
    )
    temperature = point(
        surface_plan,
        "AN-02",
        start,
        what="Température du bain d'anodisation",
        method="Lecture du thermomètre de référence étalonné, comparée à l'affichage de la régulation.",
        responsible=people["op_surface"],
        risk=bath_risk,
        minimum=Decimal("18"),
        maximum=Decimal("22"),
        unit="°C",
        record_to_keep="Fiche d'analyse du bain FE-TS-12",
        residual_frequency=2,
        residual_gravity=3,
        **weekly,
    )
    sealing_ph = point(
        surface_plan,
        "AN-03",
        start,
        what="pH du bain de colmatage",
        method="pH-mètre étalonné (tampons 4 et 7) sur échantillon refroidi à 25 °C.",
        responsible=people["op_surface"],
        risk=bath_risk,
        minimum=Decimal("5.5"),
        maximum=Decimal("6.5"),
        unit="pH",
        record_to_keep="Fiche d'analyse du bain FE-TS-12",
        **weekly,
    )
    vapour = point(
        surface_plan,
        "DG-01",
        date(2025, 1, 15),
        what="Détecteur de vapeurs de solvant du dégraisseur",
        method="Test au gaz étalon : l'alarme se déclenche au seuil et le voyant de défaut est éteint.",
        responsible=people["maintenance"],
        risk=fire_risk,
        limit_kind="attribute",
        expected_answer="Alarme déclenchée au seuil, aucun défaut affiché",
        record_to_keep="Registre de vérification des détecteurs",
        interval_unit="month",
        interval_count=1,
    )
    coolant = point(
        machining_plan,
        "CN-01",
        today - timedelta(days=60),
        what="Concentration du fluide de coupe des centres CNC",
        method="Réfractomètre à main, lecture corrigée du facteur du fluide (1,0), au bac du centre.",
        responsible=people["lead_machining"],
        minimum=Decimal("5"),
        maximum=Decimal("8"),
        unit="%",
        record_to_keep="Feuille de suivi du fluide de coupe (poste)",
        interval_unit="day",
        interval_count=1,
    )
    air = point(
        machining_plan,
        "AC-01",
        date(2025, 2, 3),
        what="Campagne de détection de fuites du réseau d'air comprimé",
        method="Détecteur à ultrasons sur tout le réseau, compresseurs en charge ; fuites étiquetées.",
        responsible=people["maintenance"],
        risk=energy_risk,
        maximum=Decimal("10"),
        unit="% de fuite",
        record_to_keep="Rapport de campagne et liste des fuites étiquetées",
        interval_unit="month",
        interval_count=3,
    )
    airflow = point(
        machining_plan,
        "VE-01",
        date(2025, 3, 10),
        what="Débit d'aspiration des postes d'ébavurage et de la cabine de peinture",
        method=(
            "Anémomètre aux bouches de captage (5 points par poste), moyenne comparée à la valeur "
            "de référence."
        ),
        responsible=people["maintenance"],
        risk=noise_risk,
        minimum=Decimal("0.5"),
        unit="m/s",
        record_to_keep="Dossier de maintenance des installations d'aération (art. R4222-20)",
        interval_unit="year",
        interval_count=1,
    )

    results = 0
    out_of_limits = 0

    def record(target, day, value=None, is_pass=None, comment="", by=None):
        nonlocal results, out_of_limits
        result = services.control_result_record(
            user=user,
            control_point=target,
            performed_on=day,
            value=value,
            is_pass=is_pass,
            comment=comment,
            performed_by=by,
        )
        results += 1
        out_of_limits += not result.is_within_limits
        return result

    heat_wave = date(2025, 7, 7)
    for day in _series(start, today - timedelta(days=1), timedelta(weeks=1)):
        record(concentration, day, Decimal(str(round(rng.uniform(183, 197), 1))), by=people["lead_surface"])
        if day == heat_wave:
            record(
                temperature,
                day,
                Decimal("23.4"),
                comment="Canicule : groupe froid en limite de capacité, ligne arrêtée 2 h.",
                by=people["op_surface"],
            )
        else:
            record(temperature, day, Decimal(str(round(rng.uniform(19, 21.5), 1))), by=people["op_surface"])
        record(sealing_ph, day, Decimal(str(round(rng.uniform(5.7, 6.3), 2))), by=people["op_surface"])
    # The vapour detector check was missed last month: it is overdue.
    for day in _series(date(2025, 1, 15), today - timedelta(days=45), timedelta(days=30)):
        record(vapour, day, is_pass=True, by=people["maintenance"])
    lean_day = today - timedelta(days=12)
    while lean_day.weekday() >= 5:
        lean_day -= timedelta(days=1)
    for day in _series(today - timedelta(days=60), today - timedelta(days=1), timedelta(days=1)):
        if day.weekday() >= 5:
            continue
        if day == lean_day:
            record(
                coolant,
                day,
                Decimal("3.8"),
                comment="Appoint d'eau sans concentré après la vidange du bac du centre DMU 65.",
                by=people["op_cnc_1"],
            )
        else:
            record(coolant, day, Decimal(str(round(rng.uniform(5.6, 7.4), 1))), by=people["op_cnc_1"])
    # The compressed-air survey of last quarter was not done: overdue.
    surveys = (
        (date(2025, 2, 3), "9.8"),
        (date(2025, 5, 5), "9.5"),
        (date(2025, 8, 4), "8"),
        (date(2025, 11, 3), "7.5"),
        (date(2026, 2, 2), "7.9"),
        (date(2026, 5, 4), "6.8"),
        (date(2026, 8, 3), "6.5"),
    )
    for day, rate in surveys:
        if day < today - timedelta(days=120):
            record(air, day, Decimal(rate), by=people["maintenance"])
    for day, speed in ((date(2025, 3, 10), "0.62"), (date(2026, 3, 9), "0.58")):
        if day < today:
            record(airflow, day, Decimal(speed), by=people["maintenance"])
    return {
        "surveillance plans": 2,
        "control points": 7,
        "control results": results,
        "control results out of limits": out_of_limits,
    }

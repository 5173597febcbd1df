"""Demo data of the periodic inspections module: the story of MBP (see the demo organisation).

Montluçon declares its installations (electrical installation, the 2.5 MW gas boiler, the
compressed-air receiver, forklifts, an overhead crane, extinguishers, emergency lighting, fire
alarm, the paint-booth extraction, warehouse racking, the receiving-dock door); Moulins its
forklifts, the staff entrance door, the canteen's extinguishers and hood extraction, and a
warehouse step ladder. Past inspections are recorded with their body and result: the electrical
report of Montluçon has two observations, one already turned into an action; the Moulins step
ladder was found unsafe (use forbidden, an action opened). The VGP of the Moulins shipping forklift
is overdue by about a month (the compliance demo mentions it) and the warehouse racking of
Montluçon is a few days late; several inspections fall due within 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Visit:
    days_ago: int
    body: str = ""  # empty: only the date of the last inspection is known (before the register)
    result: str = "compliant"
    inspector: str = ""
    report: str = ""
    observations: tuple[tuple[str, str], ...] = ()  # (severity, text)
    act_on: tuple[int, ...] = ()  # indexes of observations turned into actions


@dataclass(frozen=True)
class Item:
    key: str
    site: str
    kind: str
    name: str
    identifier: str = ""
    location: str = ""
    work_unit: str = ""
    commissioned_years_ago: int | None = None
    quantity: int = 1
    responsible: str = "maintenance"
    visits: dict[str, tuple[Visit, ...]] = field(default_factory=dict)  # type code → visits, oldest first


ITEMS = (
    Item(
        "mtl-electrical",
        "MTL",
        "electrical_installation",
        "Installation électrique générale – Montluçon",
        "TGBT-MTL",
        "TGBT, local électrique bâtiment A",
        "maintenance",
        20,
        visits={
            "elec-periodic": (
                Visit(665, "Apave", inspector="R. Dumas", report="APV-2025-04417"),
                Visit(
                    300,
                    "Apave",
                    "observations",
                    "R. Dumas",
                    "APV-2026-01932",
                    (
                        (
                            "major",
                            "Absence de dispositif différentiel 30 mA sur le circuit des prises de l'atelier "
                            "d'usinage (PC-12).",
                        ),
                        ("minor", "Repérage des circuits à compléter dans le TGBT."),
                    ),
                    act_on=(0,),
                ),
            )
        },
    ),
    Item(
        "mtl-boiler",
        "MTL",
        "combustion_plant",
        "Chaudière gaz 2,5 MW",
        "CH-01",
        "Chaufferie",
        "maintenance",
        14,
        visits={
            "boiler-efficiency": (
                Visit(712, "Dekra Industrial", inspector="S. Lopez", report="DK-2024-8812"),
            )
        },
    ),
    Item(
        "mtl-air-receiver",
        "MTL",
        "pressure_equipment",
        "Réservoir d'air comprimé 3 000 L",
        "ESP-CA-01",
        "Station d'air comprimé",
        "maintenance",
        9,
        visits={
            "pressure-periodic": (
                Visit(1218, "Bureau Veritas", inspector="M. Caron", report="BV-2023-55120"),
            ),
            "pressure-requalification": (Visit(2500),),
        },
    ),
    Item(
        "mtl-forklift-1",
        "MTL",
        "forklifts",
        "Chariot élévateur Linde H25 n° 1",
        "CE-MTL-01",
        "Magasin de réception",
        "warehouse",
        6,
        responsible="lead_logistics",
        visits={
            "forklift-vgp": (
                Visit(352, "Bureau Veritas"),
                Visit(170, "Bureau Veritas", inspector="M. Caron", report="BV-2026-20411"),
            )
        },
    ),
    Item(
        "mtl-forklift-2",
        "MTL",
        "forklifts",
        "Chariot élévateur Linde H25 n° 2",
        "CE-MTL-02",
        "Magasin de réception",
        "warehouse",
        3,
        responsible="lead_logistics",
        visits={
            "forklift-vgp": (Visit(100, "Bureau Veritas", inspector="M. Caron", report="BV-2026-31870"),)
        },
    ),
    Item(
        "mtl-crane",
        "MTL",
        "lifting_equipment",
        "Pont roulant 5 t – atelier de maintenance",
        "PR-05",
        "Atelier de maintenance",
        "maintenance",
        12,
        visits={"lifting-vgp": (Visit(200, "Bureau Veritas", inspector="M. Caron", report="BV-2026-24102"),)},
    ),
    Item(
        "mtl-extinguishers",
        "MTL",
        "fire_extinguishers",
        "Parc d'extincteurs – Montluçon",
        "",
        "Tous bâtiments",
        "",
        None,
        48,
        responsible="qsse_assistant",
        visits={
            "extinguisher-maintenance": (Visit(200, "Desautel", inspector="J. Perrot", report="DES-26-1187"),)
        },
    ),
    Item(
        "mtl-emergency-lighting",
        "MTL",
        "emergency_lighting",
        "Blocs autonomes d'éclairage de sécurité – Montluçon",
        "",
        "Tous bâtiments",
        "",
        None,
        85,
        visits={
            "emergency-lighting-monthly": (Visit(20, "Service maintenance MBP", inspector="O. Blanc"),),
            "emergency-lighting-autonomy": (Visit(150, "Service maintenance MBP", inspector="O. Blanc"),),
            "emergency-lighting-annual": (
                Visit(340, "Sodelec", inspector="A. Marchal", report="SOD-2025-310"),
            ),
        },
    ),
    Item(
        "mtl-fire-alarm",
        "MTL",
        "fire_alarm",
        "Alarme incendie et évacuation – Montluçon",
        "",
        "Tous bâtiments",
        "",
        10,
        responsible="qsse_assistant",
        visits={"fire-alarm-tests": (Visit(95, "Service QSSE MBP", inspector="J. Faure"),)},
    ),
    Item(
        "mtl-paint-extraction",
        "MTL",
        "local_exhaust_ventilation",
        "Captage et ventilation de la cabine de peinture",
        "VENT-PEI-01",
        "Cabine de peinture",
        "paint",
        8,
        visits={"ventilation-check": (Visit(210, "Apave", inspector="R. Dumas", report="APV-2026-02410"),)},
    ),
    Item(
        "mtl-racking",
        "MTL",
        "racking",
        "Palettiers de l'entrepôt – Montluçon",
        "RACK-MTL",
        "Entrepôt, allées A à F",
        "warehouse",
        11,
        responsible="lead_logistics",
        visits={
            "racking-inspection": (
                Visit(
                    372,
                    "Stockage Expertise Conseil",
                    "observations",
                    "L. Bertin",
                    "SEC-25-077",
                    (("minor", "Lisse endommagée allée C, niveau 2 (classe verte, à surveiller)."),),
                ),
            )
        },
    ),
    Item(
        "mtl-dock-door",
        "MTL",
        "automatic_doors",
        "Porte sectionnelle automatique – quai de réception",
        "PORTE-Q1",
        "Quai de réception",
        "warehouse",
        7,
        visits={"automatic-doors": (Visit(120, "Portis Services", inspector="T. Roche"),)},
    ),
    Item(
        "mou-forklift-1",
        "MOU",
        "forklifts",
        "Chariot élévateur Toyota 8FBE – expédition",
        "CE-MOU-01",
        "Entrepôt d'expédition",
        "assembly",
        5,
        responsible="moulins_manager",
        visits={
            "forklift-vgp": (
                Visit(398, "Bureau Veritas"),
                Visit(215, "Bureau Veritas", inspector="C. Noël", report="BV-2026-11876"),
            )
        },
    ),
    Item(
        "mou-forklift-2",
        "MOU",
        "forklifts",
        "Transpalette électrique à conducteur porté",
        "CE-MOU-02",
        "Entrepôt d'expédition",
        "assembly",
        2,
        responsible="moulins_manager",
        visits={"forklift-vgp": (Visit(60, "Bureau Veritas", inspector="C. Noël", report="BV-2026-40112"),)},
    ),
    Item(
        "mou-door",
        "MOU",
        "automatic_doors",
        "Porte automatique de l'entrée du personnel – Moulins",
        "PORTE-MOU-01",
        "Entrée du personnel",
        "",
        6,
        responsible="moulins_manager",
        visits={"automatic-doors": (Visit(168, "Portis Services", inspector="T. Roche"),)},
    ),
    Item(
        "mou-canteen-extinguishers",
        "MOU",
        "fire_extinguishers",
        "Extincteurs du restaurant d'entreprise",
        "",
        "Cuisine et salle du restaurant",
        "canteen",
        None,
        6,
        responsible="moulins_manager",
        visits={
            "extinguisher-maintenance": (Visit(190, "Desautel", inspector="J. Perrot", report="DES-26-1203"),)
        },
    ),
    Item(
        "mou-canteen-hood",
        "MOU",
        "local_exhaust_ventilation",
        "Hotte d'extraction de la cuisine",
        "HOTTE-01",
        "Cuisine du restaurant",
        "canteen",
        4,
        responsible="moulins_manager",
        visits={"ventilation-check": (Visit(250, "Apave", inspector="F. Giraud"),)},
    ),
    Item(
        "mou-step-ladder",
        "MOU",
        "ladders",
        "Escabeau plate-forme du magasin",
        "ESC-MOU-03",
        "Magasin de Moulins",
        "assembly",
        6,
        responsible="moulins_manager",
        visits={
            "ladders-check": (
                Visit(
                    12,
                    "Service QSSE MBP",
                    "unsafe",
                    "J. Faure",
                    "",
                    (
                        (
                            "critical",
                            "Garde-corps de la plate-forme fissuré au niveau de la soudure : "
                            "ne plus utiliser.",
                        ),
                    ),
                    act_on=(0,),
                ),
            )
        },
    ),
)


def seed_inspections(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the periodic-inspection records of the demo organisation; returns counts by kind."""
    from qsse.inspections import services
    from qsse.inspections.models import EquipmentKind, Observation

    services.catalogue_load()
    # An inspection cannot be dated after the real today (the services refuse it).
    today = min(today, timezone.localdate())
    people = org.people
    work_units = getattr(org, "work_units", {}) or {}
    kinds = {kind.code: kind for kind in EquipmentKind.objects.all()}
    visits = 0
    for item in ITEMS:
        responsible = people.get(item.responsible) or people.get("qsse_manager")
        equipment = services.equipment_create(
            user=user,
            site=org.sites[item.site],
            kind=kinds[item.kind],
            name=item.name,
            identifier=item.identifier,
            location=item.location,
            work_unit=work_units.get(item.work_unit),
            commissioned_on=(
                today.replace(month=1, day=15) - timedelta(days=365 * item.commissioned_years_ago)
                if item.commissioned_years_ago is not None
                else None
            ),
            quantity=item.quantity,
            responsible=responsible,
        )
        lines = {
            line.inspection_type.code: line
            for line in equipment.schedule_lines.select_related("inspection_type")
        }
        for code, history in item.visits.items():
            line = lines[code]
            for visit in history:
                performed_on = today - timedelta(days=visit.days_ago)
                if not visit.body:
                    services.schedule_update(user=user, line=line, last_done_on=performed_on)
                    continue
                recorded = services.visit_record(
                    user=user,
                    schedule=line,
                    performed_on=performed_on,
                    body=visit.body,
                    result=visit.result,
                    inspector_name=visit.inspector,
                    report_reference=visit.report,
                    observations=[
                        {"severity": severity, "text": text} for severity, text in visit.observations
                    ],
                )
                visits += 1
                observations = list(Observation.objects.filter(visit=recorded).order_by("pk"))
                for index in visit.act_on:
                    services.observation_create_action(
                        user=user, observation=observations[index], owner=responsible
                    )
                line.refresh_from_db()
    return {"inspection_equipment": len(ITEMS), "inspection_visits": visits}

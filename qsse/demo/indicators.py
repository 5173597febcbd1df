"""Demo data of the indicators module: the story of MBP (see docs of the demo organisation).

The QSSE policy 2026 signed by the managing director, four strategic objectives broken down into
process objectives, and about twenty indicators over the five domains: some computed from the two
years of non-conformities and actions, the others entered by hand month after month since January
2025. The story: scrap, energy per part, the accident frequency rate and waste recovery improve;
on-time delivery slips in 2026 (a new customer's volumes) and is now off target.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.indicators import calculations, services

START = date(2025, 1, 1)

POLICY_2026 = """La direction de Mécanique Bourbonnaise de Précision s'engage, sur ses sites de Montluçon et \
de Moulins, à :

- satisfaire nos clients de l'automobile et de l'aéronautique en livrant à l'heure des pièces \
conformes à leurs exigences (IATF 16949, EN 9100) ;
- préserver la santé et la sécurité de nos salariés, intérimaires et sous-traitants : zéro accident \
avec arrêt est notre objectif ;
- prévenir la pollution, réduire nos déchets et nos consommations d'énergie par pièce produite ;
- respecter les exigences légales et les autres exigences applicables à nos activités ;
- améliorer en continu l'efficacité de notre système de management intégré (ISO 9001, ISO 14001, \
ISO 45001) en associant le personnel et ses représentants.

Cette politique est déclinée chaque année en objectifs mesurables, suivis en revue de direction."""

POLICY_2025 = """Satisfaire nos clients, protéger nos salariés et l'environnement, respecter la \
réglementation et améliorer en continu notre système de management."""


def _months(today: date) -> list[date]:
    """The months from January 2025 to the current month (at most 24)."""
    return calculations.period_starts(START, min(today, date(2026, 12, 31)), "monthly")


def _series(months: list[date], start: float, end: float, wave: tuple[float, ...], decimals: int = 1):
    """A value per month going from ``start`` to ``end`` in a straight line, plus a repeating wave."""
    count = len(months)
    values = {}
    for index, month in enumerate(months):
        base = start + (end - start) * index / max(count - 1, 1)
        values[month] = round(base + wave[index % len(wave)], decimals)
    return values


# (code, name, domain, process, site, owner, unit, direction, target, alert, frequency, source, decimals,
#  definition)
MANUAL = [
    (
        "QUA-03",
        "Taux de rebut usinage",
        "quality",
        "REA-05",
        "MTL",
        "machining",
        "%",
        "lower_is_better",
        "2.0",
        "3.0",
        "monthly",
        1,
        "Pièces rebutées / pièces usinées × 100, relevé dans l'ERP à la fin du mois.",
    ),
    (
        "QUA-08",
        "PPAP / FAI acceptés au premier envoi",
        "quality",
        "REA-02",
        None,
        "design",
        "%",
        "higher_is_better",
        "90",
        "80",
        "monthly",
        0,
        "Dossiers acceptés par le client au premier envoi / dossiers envoyés × 100.",
    ),
    (
        "QUA-09",
        "Fournisseurs évalués",
        "quality",
        "REA-03",
        None,
        "purchasing",
        "%",
        "higher_is_better",
        "100",
        "90",
        "monthly",
        0,
        "Fournisseurs actifs évalués dans l'année / fournisseurs actifs × 100 (cumul de l'année).",
    ),
    (
        "CLI-02",
        "Livraisons à l'heure (taux de service)",
        "customer",
        "REA-07",
        None,
        "moulins_manager",
        "%",
        "higher_is_better",
        "95",
        "90",
        "monthly",
        1,
        "Lignes de commande livrées à la date confirmée / lignes livrées × 100.",
    ),
    (
        "CLI-03",
        "Satisfaction client (note sur 10)",
        "customer",
        "REA-01",
        None,
        "sales",
        "/10",
        "higher_is_better",
        "8.0",
        "7.5",
        "quarterly",
        1,
        "Note moyenne de l'enquête trimestrielle auprès des 20 premiers clients.",
    ),
    (
        "SST-01",
        "Taux de fréquence des accidents (TF1)",
        "safety",
        "SUP-05",
        None,
        "qsse_manager",
        "",
        "lower_is_better",
        "10",
        "15",
        "monthly",
        1,
        "Accidents avec arrêt × 1 000 000 / heures travaillées, sur 12 mois glissants.",
    ),
    (
        "SST-02",
        "Accidents avec arrêt",
        "safety",
        "SUP-05",
        None,
        "qsse_manager",
        "accidents",
        "lower_is_better",
        "0",
        "1",
        "monthly",
        0,
        "Nombre d'accidents du travail avec au moins un jour d'arrêt dans le mois.",
    ),
    (
        "SST-03",
        "Visites sécurité réalisées",
        "safety",
        "SUP-05",
        None,
        "qsse_manager",
        "%",
        "higher_is_better",
        "90",
        "75",
        "monthly",
        0,
        "Visites sécurité terrain réalisées / visites planifiées × 100.",
    ),
    (
        "ENV-01",
        "Taux de valorisation des déchets",
        "environment",
        "SUP-05",
        None,
        "qsse_manager",
        "%",
        "higher_is_better",
        "80",
        "70",
        "monthly",
        1,
        "Déchets valorisés (matière ou énergie) / déchets produits × 100, d'après les bordereaux.",
    ),
    (
        "ENV-02",
        "Consommation d'eau",
        "environment",
        "REA-06",
        "MTL",
        "surface",
        "m³",
        "lower_is_better",
        "420",
        "460",
        "monthly",
        0,
        "Relevé du compteur général, ligne de traitement de surface comprise.",
    ),
    (
        "ENE-01",
        "Énergie consommée par pièce",
        "energy",
        "REA-05",
        "MTL",
        "maintenance",
        "kWh/pièce",
        "lower_is_better",
        "1.10",
        "1.18",
        "monthly",
        2,
        "Électricité et gaz du site (kWh) / pièces produites.",
    ),
    (
        "ENE-02",
        "Consommation électrique de Montluçon",
        "energy",
        "SUP-02",
        "MTL",
        "maintenance",
        "MWh",
        "lower_is_better",
        "185",
        "200",
        "monthly",
        0,
        "Relevé mensuel du compteur du fournisseur d'électricité.",
    ),
    (
        "ENE-03",
        "Consommation de gaz",
        "energy",
        "SUP-02",
        None,
        "maintenance",
        "MWh",
        "lower_is_better",
        "60",
        "70",
        "monthly",
        0,
        "Gaz naturel des deux sites (fours de séchage, chauffage), factures du fournisseur.",
    ),
]

# (code, name, domain, process, owner, source, direction, target, alert, split)
COMPUTED = [
    (
        "QUA-01",
        "Non-conformités par mois",
        "quality",
        "MAN-02",
        "qsse_manager",
        "nonconformities.count",
        "lower_is_better",
        "8",
        "12",
        True,
    ),
    (
        "QUA-02",
        "Coût de la non-qualité",
        "quality",
        "MAN-02",
        "qsse_manager",
        "nonconformities.cost",
        "lower_is_better",
        "8000",
        "12000",
        False,
    ),
    (
        "QUA-04",
        "NC ouvertes depuis plus de 30 jours",
        "quality",
        "MAN-02",
        "qsse_manager",
        "nonconformities.open_over_30_days",
        "lower_is_better",
        "5",
        "10",
        False,
    ),
    (
        "QUA-05",
        "Taux d'actions en retard",
        "quality",
        "MAN-02",
        "qsse_manager",
        "actions.overdue_rate",
        "lower_is_better",
        "10",
        "20",
        False,
    ),
    (
        "QUA-06",
        "Actions jugées efficaces",
        "quality",
        "MAN-02",
        "qsse_manager",
        "actions.efficacy_rate",
        "higher_is_better",
        "85",
        "70",
        False,
    ),
    (
        "QUA-07",
        "Actions soldées par mois",
        "quality",
        "MAN-02",
        "qsse_manager",
        "actions.closed",
        "higher_is_better",
        "10",
        "6",
        False,
    ),
    (
        "CLI-01",
        "Réclamations clients par mois",
        "customer",
        "REA-08",
        "sales",
        "nonconformities.complaints",
        "lower_is_better",
        "2",
        "3",
        False,
    ),
]


def _manual_values(code: str, months: list[date]) -> dict[date, float]:
    """The story of each hand-entered indicator."""
    if code == "QUA-03":  # scrap falls after the new tool presetting (spring 2025)
        return _series(months, 3.8, 1.8, (0.2, -0.1, 0.1, -0.2, 0.0, 0.1))
    if code == "QUA-08":
        return _series(months, 82, 93, (2, -3, 1, 0, -2, 3), 0)
    if code == "QUA-09":  # cumulated within each year: climbs to 100 % in 2026
        values = {}
        for month in months:
            if month.year == 2025:
                values[month] = round(min(72, 6 * month.month), 0)
            else:
                values[month] = round(min(100, 9 * month.month + 10), 0)
        return values
    if code == "CLI-02":  # on target in 2025, slips in 2026 with the new customer's volumes
        values = {}
        for index, month in enumerate(months):
            if month.year == 2025:
                values[month] = round(96.0 + (0.6, -0.4, 0.2, -0.3)[index % 4], 1)
            else:
                values[month] = round(95.0 - 0.65 * month.month + (0.3, -0.2)[index % 2], 1)
        return values
    if code == "SST-01":  # rolling 12-month TF1: 22 → 11
        return _series(months, 22.0, 11.0, (0.4, -0.3, 0.2, -0.1))
    if code == "SST-02":  # three lost-time accidents in 2025, none since March 2026
        accidents = {date(2025, 2, 1): 1, date(2025, 6, 1): 1, date(2025, 11, 1): 1, date(2026, 2, 1): 1}
        return {month: accidents.get(month, 0) for month in months}
    if code == "SST-03":
        return _series(months, 68, 92, (4, -3, 2, -5, 1, 0), 0)
    if code == "ENV-01":
        return _series(months, 62.0, 78.5, (1.2, -0.8, 0.5, -1.0))
    if code == "ENV-02":
        return _series(months, 470, 415, (12, -8, 5, -10, 0, 6), 0)
    if code == "ENE-01":  # −10 % per part: compressed-air leaks fixed, heat recovery on the ovens
        return _series(months, 1.24, 1.12, (0.02, -0.01, 0.015, -0.02), 2)
    if code == "ENE-02":
        return _series(months, 205, 182, (6, -4, 3, -5), 0)
    if code == "ENE-03":  # heating season
        return {month: round(45 + 30 * (1 if month.month in (1, 2, 3, 11, 12) else 0) - 0.5 * i, 0)
                for i, month in enumerate(months)}  # fmt: skip
    return {}


def seed_indicators(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the indicators records of the demo organisation; returns counts by kind for the summary."""
    people = org.people
    sites = org.sites
    services.policy_create(
        user=user,
        title="Politique qualité, santé-sécurité et environnement",
        text=POLICY_2025,
        version="2025",
        signed_by=people["director"],
        signed_on=date(2025, 1, 10),
        is_current=False,
    )
    policy = services.policy_create(
        user=user,
        title="Politique qualité, santé-sécurité et environnement",
        text=POLICY_2026,
        version="2026",
        signed_by=people["director"],
        signed_on=date(2026, 1, 12),
        is_current=True,
    )

    indicators: dict[str, Any] = {}
    months = _months(today)
    measurements = 0
    for (code, name, domain, process, site, owner, unit, direction, target, alert, frequency, decimals,
         definition) in MANUAL:  # fmt: skip
        indicator = services.indicator_create(
            user=user,
            code=code,
            name=name,
            domain=domain,
            process=processes[process],
            site=sites[site] if site else None,
            owner=people[owner],
            unit=unit,
            direction=direction,
            target=Decimal(target),
            alert_threshold=Decimal(alert),
            frequency=frequency,
            decimals=decimals,
            definition=definition,
        )
        indicators[code] = indicator
        if frequency == "quarterly":
            quarters = calculations.period_starts(START, today, "quarterly")
            values = dict(zip(quarters, (7.4, 7.6, 7.5, 7.8, 7.9, 8.1, 8.0, 8.2), strict=False))
        else:
            values = _manual_values(code, months)
        entries = [(period, Decimal(str(value)), "") for period, value in values.items()]
        if code == "CLI-02" and entries:
            last = entries[-1][0]
            entries[-1] = (
                last,
                entries[-1][1],
                "Volumes du nouveau client Aerolux : goulot au contrôle final",
            )
        measurements += services.measurements_save(
            user=user, indicator=indicator, entries=entries, today=today
        )

    for code, name, domain, process, owner, source, direction, target, alert, split in COMPUTED:
        indicator = services.indicator_create(
            user=user,
            code=code,
            name=name,
            domain=domain,
            process=processes[process],
            owner=people[owner],
            direction=direction,
            target=Decimal(target),
            alert_threshold=Decimal(alert),
            source="computed",
            computed_source=source,
            is_split_by_site=split,
            decimals=0 if source.endswith(("count", "complaints", "closed", "days", "cost")) else 1,
        )
        indicators[code] = indicator
        measurements += services.indicator_compute(indicator, START, today, user=user, today=today)

    objectives = _seed_objectives(user=user, people=people, processes=processes, policy=policy,
                                  indicators=indicators, today=today)  # fmt: skip
    actions = _seed_actions(user=user, people=people, objectives=objectives, today=today)
    return {
        "QSSE policies": 2,
        "objectives": len(objectives),
        "indicators": len(indicators),
        "indicator values": measurements,
        "actions from objectives": actions,
    }


def _seed_objectives(*, user, people, processes, policy, indicators, today) -> dict[str, Any]:
    def create(key, level, title, **fields):
        objectives[key] = services.objective_create(
            user=user, level=level, title=title, policy=policy, **fields
        )

    objectives: dict[str, Any] = {}
    end_2026 = date(2026, 12, 31)
    create(
        "complaints",
        "strategic",
        "Réduire de 30 % les réclamations clients",
        domain="customer",
        measurable_statement="De 36 réclamations en 2025 à 25 au plus en 2026, soit 2 par mois au plus.",
        indicator=indicators["CLI-01"],
        baseline_value=Decimal("3"),
        target_value=Decimal("2"),
        target_date=end_2026,
        owner=people["director"],
        justification="Deux clients font 60 % des réclamations : les plans 8D engagés traitent leurs causes.",
        status="active",
    )
    create(
        "accidents",
        "strategic",
        "Zéro accident avec arrêt",
        domain="safety",
        measurable_statement="Aucun accident avec arrêt sur les deux sites en 2026.",
        indicator=indicators["SST-02"],
        baseline_value=Decimal("1"),
        target_value=Decimal("0"),
        target_date=end_2026,
        owner=people["director"],
        justification="Exigence de la direction et attente forte du CSE après les trois accidents de 2025.",
        status="active",
    )
    create(
        "energy",
        "strategic",
        "Réduire de 10 % l'énergie consommée par pièce",
        domain="energy",
        measurable_statement="De 1,22 kWh par pièce (moyenne 2025) à 1,10 kWh par pièce fin 2026.",
        indicator=indicators["ENE-01"],
        baseline_value=Decimal("1.22"),
        target_value=Decimal("1.10"),
        target_date=end_2026,
        owner=people["director"],
        justification="Audit énergétique 2024 : fuites d'air comprimé et récupération de chaleur des fours.",
        status="active",
    )
    create(
        "suppliers",
        "strategic",
        "Évaluer 100 % des fournisseurs actifs",
        domain="quality",
        measurable_statement="Les 45 fournisseurs actifs évalués avec la grille achats avant la fin 2026.",
        indicator=indicators["QUA-09"],
        baseline_value=Decimal("72"),
        target_value=Decimal("100"),
        target_date=end_2026,
        owner=people["purchasing"],
        justification="Exigence IATF 16949 §8.4.2.4 relevée à l'audit de surveillance 2025.",
        status="active",
    )

    def process_objective(key, parent, process, title, **fields):
        parent_objective = objectives[parent] if parent else None
        create(key, "process", title, parent=parent_objective, process=processes[process], **fields)

    process_objective(
        "scrap",
        "complaints",
        "REA-05",
        "Ramener le rebut usinage sous 2 %",
        domain="quality",
        site=None,
        measurable_statement="Taux de rebut mensuel de l'atelier d'usinage de Montluçon inférieur à 2 %.",
        indicator=indicators["QUA-03"],
        baseline_value=Decimal("3.8"),
        target_value=Decimal("2.0"),
        target_date=date(2026, 9, 30),
        owner=people["machining"],
        justification="Préréglage des outils et contrôle du premier article à chaque changement de série.",
        status="active",
    )
    process_objective(
        "delivery",
        "complaints",
        "REA-07",
        "Livrer à l'heure 95 % des lignes de commande",
        domain="customer",
        measurable_statement="Taux de service mensuel d'au moins 95 %.",
        indicator=indicators["CLI-02"],
        baseline_value=Decimal("96"),
        target_value=Decimal("95"),
        target_date=end_2026,
        owner=people["moulins_manager"],
        justification="Attente contractuelle des clients automobiles (pénalités au-delà de 5 % de retard).",
        status="active",
    )
    process_objective(
        "response",
        "complaints",
        "REA-08",
        "Répondre à chaque réclamation client sous 48 heures",
        domain="customer",
        measurable_statement="Premier retour au client (actions de confinement) sous 48 heures ouvrées.",
        target_date=end_2026,
        owner=people["sales"],
        status="active",
    )
    process_objective(
        "tf1",
        "accidents",
        "SUP-05",
        "Diviser par deux le taux de fréquence des accidents",
        domain="safety",
        measurable_statement="TF1 sur 12 mois glissants de 22 à 11.",
        indicator=indicators["SST-01"],
        baseline_value=Decimal("22"),
        target_value=Decimal("11"),
        target_date=end_2026,
        owner=people["qsse_manager"],
        justification="Visites sécurité hebdomadaires et analyse de chaque presque-accident.",
        status="active",
    )
    process_objective(
        "visits",
        "accidents",
        "SUP-05",
        "Réaliser 90 % des visites sécurité planifiées",
        domain="safety",
        measurable_statement="Au moins 90 % des visites terrain du planning réalisées chaque mois.",
        indicator=indicators["SST-03"],
        baseline_value=Decimal("68"),
        target_value=Decimal("90"),
        target_date=end_2026,
        owner=people["qsse_manager"],
        justification="Les chefs d'équipe ont un créneau réservé le mardi matin.",
        status="active",
    )
    process_objective(
        "electricity",
        "energy",
        "SUP-02",
        "Réduire la consommation électrique de Montluçon",
        domain="energy",
        measurable_statement="Moins de 185 MWh par mois en moyenne.",
        indicator=indicators["ENE-02"],
        baseline_value=Decimal("205"),
        target_value=Decimal("185"),
        target_date=end_2026,
        owner=people["maintenance"],
        justification="Campagne de recherche de fuites d'air comprimé et variateurs sur les compresseurs.",
        status="active",
    )
    process_objective(
        "evaluation",
        "suppliers",
        "REA-03",
        "Évaluer les 45 fournisseurs actifs avant la fin juin 2026",
        domain="quality",
        measurable_statement="Grille d'évaluation complétée pour chaque fournisseur actif.",
        indicator=indicators["QUA-09"],
        baseline_value=Decimal("72"),
        target_value=Decimal("100"),
        target_date=date(2026, 6, 30),
        owner=people["purchasing"],
        justification="Deux évaluations par semaine, avec le soutien du service qualité.",
        status="achieved" if today >= date(2026, 7, 1) else "active",
    )
    process_objective(
        "waste",
        None,
        "SUP-05",
        "Valoriser 75 % des déchets",
        domain="environment",
        measurable_statement="Taux de valorisation des déchets d'au moins 75 %.",
        indicator=indicators["ENV-01"],
        baseline_value=Decimal("62"),
        target_value=Decimal("75"),
        target_date=date(2026, 6, 30),
        owner=people["qsse_manager"],
        justification="Nouvelle filière de valorisation des boues d'usinage.",
        status="active",
    )
    return objectives


def _seed_actions(*, user, people, objectives, today) -> int:
    plans = [
        ("delivery", "Ajouter un poste de contrôle final en équipe d'après-midi", "moulins_manager", 30),
        ("delivery", "Revoir le calcul des délais confirmés au client Aerolux", "planning", 45),
        ("scrap", "Étendre le préréglage des outils aux tours bi-broches", "machining", 60),
        ("energy", "Installer la récupération de chaleur sur le four de séchage", "maintenance", 120),
    ]
    for key, title, owner, days in plans:
        action_services.action_create(
            user=user,
            title=title,
            owner=people[owner],
            due_on=today + timedelta(days=days),
            type=ActionType.IMPROVEMENT,
            origin=objectives[key],
        )
    return len(plans)

"""Demo data of the haccp module: the HACCP plan of the staff canteen of Moulins (hot and cold chain
of the meals cooked on site), with its CCPs and a month of monitoring records.

Temperatures: hot holding ≥ +63 °C, rapid cooling from +63 °C to +10 °C at the core in less than
2 hours and storage of the cooled dishes at 0/+3 °C come from the arrêté du 21 décembre 2009
(annexes I and IV, commerce de détail et restauration collective). The cooking core temperature
(≥ +70 °C) is the plan's own critical limit, set by the HACCP team (no single regulatory value).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from qsse.haccp import services

CAPTION_SOURCE = "Arrêté du 21 décembre 2009, annexes I et IV"

# step name, kind, description, hazards: (category, description, source, likelihood, severity,
# control measures, tree answers (Codex 2003), OPRP justification or "")
STEPS = [
    (
        "Réception des denrées",
        "reception",
        "Contrôle à réception des viandes, produits laitiers, légumes et produits d'épicerie.",
        [
            (
                "biological",
                "Salmonella et Listeria monocytogenes présentes sur les viandes crues",
                "Matières premières contaminées chez le fournisseur",
                2,
                4,
                "Fournisseurs agréés, contrôle des températures et des DLC à réception",
                {"q1": True, "q2": False, "q3": True, "q4": True},
                "",
            ),
            (
                "physical",
                "Corps étrangers (agrafes, morceaux d'emballage)",
                "Emballages abîmés",
                1,
                2,
                "Déconditionnement en zone dédiée",
                {},
                "",
            ),
        ],
    ),
    (
        "Stockage en chambre froide",
        "storage",
        "Chambres froides positives 0/+3 °C (produits carnés, plats refroidis) et +4 °C (laitages).",
        [
            (
                "biological",
                "Multiplication de Listeria monocytogenes",
                "Température de l'enceinte trop élevée, porte mal fermée",
                2,
                4,
                "Enregistrement automatique de la température, alarme, rangement",
                {"q1": True, "q2": False, "q3": True, "q4": True},
                "La cuisson élimine le danger pour les viandes crues, mais les plats refroidis et les "
                "crudités ne sont pas recuits : la température de l'enceinte (0/+3 °C) est surveillée "
                "comme un PRPo avec critère d'action.",
            ),
        ],
    ),
    (
        "Préparations froides et légumerie",
        "preparation",
        "Épluchage, lavage des légumes, préparation des entrées et desserts.",
        [
            (
                "allergen",
                "Contact croisé avec des allergènes (gluten, fruits à coque, œuf)",
                "Ustensiles partagés, recettes modifiées sans mise à jour de l'affichage",
                2,
                4,
                "Fiches recettes avec les 14 allergènes, ustensiles dédiés, affichage au self",
                {"q1": True, "q2": False, "q3": True, "q4": True},
                "Aucune étape ultérieure n'élimine un allergène : la maîtrise repose sur les fiches "
                "recettes et l'affichage vérifiés à chaque changement de menu (PRPo).",
            ),
            (
                "chemical",
                "Résidus de produits de nettoyage",
                "Rinçage insuffisant après désinfection",
                1,
                3,
                "Plan de nettoyage, produits agréés contact alimentaire",
                {},
                "",
            ),
        ],
    ),
    (
        "Cuisson",
        "cooking",
        "Cuisson des viandes, poissons et plats en four mixte et sauteuse.",
        [
            (
                "biological",
                "Survie de Salmonella, Listeria et E. coli STEC",
                "Cuisson insuffisante (durée, température à cœur)",
                3,
                4,
                "Barèmes de cuisson, contrôle de la température à cœur à la sonde",
                {"q1": True, "q2": True},
                "",
            ),
        ],
    ),
    (
        "Refroidissement rapide",
        "cooling",
        "Refroidissement en cellule des préparations élaborées à l'avance.",
        [
            (
                "biological",
                "Germination et multiplication de Clostridium perfringens et Bacillus cereus",
                "Refroidissement trop lent (cellule surchargée, bacs trop profonds)",
                3,
                4,
                "Cellule de refroidissement, bacs gastronormes de 6 cm, enregistrement",
                {"q1": True, "q2": False, "q3": True, "q4": False},
                "",
            ),
        ],
    ),
    (
        "Maintien au chaud et service",
        "holding",
        "Maintien en bain-marie et armoire chaude jusqu'au service au self (11 h 30 – 13 h 30).",
        [
            (
                "biological",
                "Multiplication de Bacillus cereus et Clostridium perfringens",
                "Température de maintien inférieure à +63 °C",
                2,
                4,
                "Bain-marie préchauffé, contrôle de la température à l'ouverture et à mi-service",
                {"q1": True, "q2": False, "q3": True, "q4": False},
                "",
            ),
            (
                "physical",
                "Fragments de verre",
                "Bris de verre au self (verres, ramequins)",
                1,
                4,
                "Procédure bris de verre, vaisselle en verre trempé",
                {},
                "",
            ),
        ],
    ),
]

# step name → critical limits and monitoring of its CCP
CONTROL_POINTS = {
    "Cuisson": dict(
        limit_min=Decimal("70"),
        unit="°C",
        limit_text="Température à cœur ≥ +70 °C en fin de cuisson",
        limit_source="Limite propre au plan, validée par l'équipe HACCP (essais de cuisson 2025)",
        monitoring_what="Température à cœur de chaque lot",
        monitoring_how="Sonde à piquer étalonnée",
        monitoring_frequency="Chaque lot de cuisson",
        corrective_actions="Prolonger la cuisson jusqu'à atteindre la limite ; jeter le lot si impossible",
        verification="Étalonnage trimestriel des sondes, revue hebdomadaire des fiches",
        records="Fiche de cuisson (température, heure, visa)",
    ),
    "Refroidissement rapide": dict(
        limit_max=Decimal("10"),
        unit="°C",
        limit_text="Passage de +63 °C à +10 °C à cœur en moins de 2 heures",
        limit_source=CAPTION_SOURCE,
        monitoring_what="Température à cœur à 2 heures",
        monitoring_how="Sonde de la cellule, enregistrement",
        monitoring_frequency="Chaque cycle de refroidissement",
        corrective_actions="Jeter les préparations non refroidies à temps ; vérifier la charge de la cellule",
        verification="Analyses microbiologiques mensuelles des plats témoins",
        records="Enregistrement de la cellule, fiche de refroidissement",
    ),
    "Maintien au chaud et service": dict(
        limit_min=Decimal("63"),
        unit="°C",
        limit_text="Température des préparations ≥ +63 °C jusqu'au service",
        limit_source=CAPTION_SOURCE,
        monitoring_what="Température des bacs au bain-marie",
        monitoring_how="Thermomètre à sonde",
        monitoring_frequency="À l'ouverture du self et à mi-service",
        corrective_actions="Retirer le bac ; le remettre en température ou le jeter selon la décision "
        "du chef de cuisine, consignée sur la fiche",
        verification="Audit interne d'hygiène semestriel",
        records="Fiche de maintien au chaud",
    ),
}


# step kind → action criteria and monitoring of its OPRP (ISO 22000:2018 §8.5.4)
OPRP_CONTROLS = {
    "storage": dict(
        limit_max=Decimal("3"),
        unit="°C",
        limit_text="Enceinte entre 0 et +3 °C",
        limit_source=CAPTION_SOURCE,
        monitoring_what="Température de l'enceinte",
        monitoring_frequency="Deux fois par jour",
        corrective_actions="Transférer les denrées, évaluer leur devenir, appeler la maintenance",
        verification="Revue hebdomadaire des enregistrements",
        records="Relevés de température",
    ),
    "preparation": dict(
        limit_text="Fiche recette et affichage des allergènes à jour pour chaque menu",
        monitoring_what="Affichage des allergènes",
        monitoring_frequency="À chaque changement de menu",
        corrective_actions="Retirer le plat du self et corriger l'affichage",
        verification="Revue hebdomadaire des fiches recettes",
        records="Fiches recettes visées",
    ),
}


def seed_haccp(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the haccp records of the demo organisation; returns counts by kind for the summary."""
    from qsse.context.services import matrix_ensure_default

    matrix_ensure_default(usage="haccp")
    people = org.people
    with translation.override("fr"):
        plan = services.plan_create(
            user=user,
            title="Plan HACCP de la cantine du site de Moulins",
            site=org.sites["MOU"],
            leader=people["moulins_manager"],
            team=[people["op_cook"], people["qsse_manager"], people["moulins_manager"]],
            scope="Repas du midi préparés et servis sur place au self du personnel (liaison chaude, "
            "préparations froides et plats élaborés à l'avance refroidis).",
            product_name="Repas du self du personnel (environ 30 couverts par jour)",
            composition="Entrées froides, plats cuisinés à base de viande, poisson ou œuf, "
            "légumes, produits laitiers, desserts.",
            characteristics="Denrées très périssables, aw élevée, pH proche de la neutralité.",
            treatments="Cuisson, refroidissement rapide des préparations élaborées à l'avance, "
            "maintien au chaud.",
            packaging="Bacs gastronormes inox filmés.",
            storage="Chambres froides 0/+3 °C ; plats refroidis consommés dans les 3 jours.",
            shelf_life="J+3 pour les préparations élaborées à l'avance (jour de fabrication J)",
            distribution="Service au self, sur place.",
            allergens="Les 14 allergènes réglementaires sont recensés par recette et affichés au self.",
            intended_use="Consommation le jour même par les salariés adultes du site ; pas de population "
            "sensible identifiée (information sur les allergènes à la demande).",
            verification_procedure="Revue annuelle du plan par l'équipe HACCP, audit interne d'hygiène "
            "semestriel, analyses microbiologiques mensuelles par un laboratoire accrédité.",
            validated_on=today - timedelta(days=150),
        )
        hazards_count = 0
        ccps = {}
        for name, kind, description, hazards in STEPS:
            step = services.step_add(user=user, plan=plan, name=name, kind=kind, description=description)
            services.step_verify(
                user=user,
                step=step,
                verified_on=today - timedelta(days=160),
                verified_by=people["qsse_manager"],
            )
            for category, text, source, likelihood, severity, measures, answers, oprp in hazards:
                hazard = services.hazard_add(
                    user=user,
                    step=step,
                    category=category,
                    description=text,
                    source=source,
                    likelihood=likelihood,
                    severity=severity,
                    control_measures=measures,
                )
                hazards_count += 1
                if not hazard.is_significant:
                    continue
                for question, answer in answers.items():
                    hazard = services.hazard_answer(
                        user=user, hazard=hazard, question=question, answer=answer
                    )
                if oprp:
                    hazard = services.hazard_classify_oprp(user=user, hazard=hazard, justification=oprp)
                    services.control_point_define(user=user, hazard=hazard, **OPRP_CONTROLS[kind])
                elif name in CONTROL_POINTS and hazard.outcome == "ccp":
                    ccps[name] = services.control_point_define(
                        user=user, hazard=hazard, **CONTROL_POINTS[name]
                    )
        records = _monitoring(user=user, ccps=ccps, today=today, owner=people["moulins_manager"])
        services.plan_approve(user=user, plan=plan, on=today - timedelta(days=140))
    return {
        "HACCP plans": 1,
        "HACCP hazards": hazards_count,
        "CCPs": len(ccps),
        "monitoring records": records,
    }


def _monitoring(*, user: Any, ccps: dict[str, Any], today: date, owner: Any) -> int:
    """Three weeks of results; one hot-holding reading below +63 °C opened a non-conformity."""
    values = {
        "Cuisson": ["74.5", "76.0", "72.8", "78.1", "75.3", "73.9", "77.0", "74.2", "75.8", "76.4"],
        "Refroidissement rapide": ["8.2", "7.5", "9.1", "6.8", "8.9", "7.9", "9.6", "8.4"],
        "Maintien au chaud et service": ["66.5", "68.0", "65.2", "58.5", "67.1", "64.9", "66.0", "69.2"],
    }
    count = 0
    tz = timezone.get_current_timezone()
    for name, readings in values.items():
        control = ccps.get(name)
        if control is None:
            continue
        for index, reading in enumerate(readings):
            day = today - timedelta(days=2 + index * 2)
            measured_at = datetime.combine(day, time(12, 15), tzinfo=tz)
            out = reading == "58.5"
            services.monitoring_record_add(
                user=user,
                control_point=control,
                measured_at=measured_at,
                value=Decimal(reading),
                observation="Bain-marie n° 2 mal préchauffé, bac remis à température puis retiré"
                if out
                else "",
                action_owner=owner if out else None,
                action_due_on=today + timedelta(days=21) if out else None,
            )
            count += 1
    return count

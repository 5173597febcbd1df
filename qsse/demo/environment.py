"""Demo data of the environmental analysis: MBP's analyses (see the demo organisation).

Montluçon: version 1 analysed and approved early last year; version 2 started this year from it
(the emulsion recycling unit installed since lowers the frequency of spent-emulsion removals, a
new aspect for the water-based primer trial) and approved in March. Activities follow the process
map (machining, surface treatment and painting, maintenance with the 2.5 MW gas boiler, shipping,
design, purchasing) and the life cycle (raw materials, transport, use, end of life). Moulins: a
draft analysis of assembly, shipping and the canteen. The main significant aspects carry actions
and one environmental objective (VOC emissions).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

# (activity, process code, life-cycle stage, [(aspect, impact, compartment, condition, stage,
#  control type, legal requirement, existing controls, S, F, C)])
MONTLUCON: list[tuple[str, str | None, str, list[tuple]]] = [
    (
        "Usinage CN (tournage, fraisage)",
        "REA-05",
        "production",
        [
            (
                "Émulsions de coupe usagées (12 01 09*)",
                "Pollution des eaux et des sols si mal éliminées",
                "waste",
                "normal",
                "production",
                "direct",
                "Code de l'environnement, déchets dangereux (BSD Trackdéchets)",
                "Collecte en fûts sur rétention, enlèvement par collecteur agréé",
                3,
                4,
                2,
            ),
            (
                "Copeaux métalliques huileux",
                "Consommation de ressources, égouttures d'huile",
                "waste",
                "normal",
                "production",
                "direct",
                "",
                "Bennes étanches, égouttage, valorisation en fonderie",
                2,
                4,
                1,
            ),
            (
                "Consommation d'électricité des machines",
                "Épuisement des ressources énergétiques, émissions indirectes de CO₂",
                "energy",
                "normal",
                "production",
                "direct",
                "",
                "Arrêt des machines en fin de poste",
                2,
                4,
                3,
            ),
            (
                "Bruit des centres d'usinage et des soufflettes",
                "Gêne du voisinage",
                "noise",
                "normal",
                "production",
                "direct",
                "",
                "Bâtiment fermé, pas de travail de nuit portes ouvertes",
                2,
                4,
                2,
            ),
            (
                "Fuite d'huile hydraulique d'une machine",
                "Pollution du sol de l'atelier et du réseau",
                "soil",
                "abnormal",
                "production",
                "direct",
                "",
                "Bacs de rétention sous les centrales hydrauliques",
                3,
                2,
                2,
            ),
        ],
    ),
    (
        "Traitement de surface (dégraissage, anodisation)",
        "REA-06",
        "production",
        [
            (
                "Rejet des eaux de rinçage (métaux, pH)",
                "Pollution du Cher",
                "water",
                "normal",
                "production",
                "direct",
                "Arrêté préfectoral d'autorisation : valeurs limites de rejet (rubrique 2565)",
                "Station de neutralisation, autosurveillance mensuelle",
                3,
                4,
                2,
            ),
            (
                "Émissions de COV du dégraissage solvant",
                "Pollution de l'air, formation d'ozone",
                "air",
                "normal",
                "production",
                "direct",
                "Arrêté préfectoral : valeurs limites COV et plan de gestion de solvants",
                "Machine de dégraissage en enceinte fermée",
                3,
                4,
                3,
            ),
            (
                "Déversement accidentel des bains vers le réseau pluvial",
                "Pollution grave du Cher",
                "water",
                "emergency",
                "production",
                "direct",
                "",
                "Cuves sur rétention",
                4,
                1,
                2,
            ),
            (
                "Boues de traitement (11 01 09*)",
                "Pollution des sols si mal éliminées",
                "waste",
                "normal",
                "production",
                "direct",
                "",
                "Filtre-presse, bennes couvertes",
                3,
                3,
                1,
            ),
        ],
    ),
    (
        "Peinture liquide en cabine",
        "REA-06",
        "production",
        [
            (
                "Émissions de COV des peintures solvantées",
                "Pollution de l'air, odeurs",
                "air",
                "normal",
                "production",
                "direct",
                "Arrêté préfectoral : rubrique 2940, valeurs limites COV",
                "Filtres de cabine changés chaque mois",
                3,
                4,
                2,
            ),
            (
                "Boues de peinture (08 01 13*)",
                "Pollution des sols si mal éliminées",
                "waste",
                "normal",
                "production",
                "direct",
                "",
                "Fûts fermés, collecteur agréé",
                2,
                3,
                1,
            ),
            (
                "Incendie de la cabine (fumées, eaux d'extinction)",
                "Pollution de l'air et des eaux",
                "air",
                "emergency",
                "production",
                "direct",
                "",
                "Détection, extincteurs, RIA",
                4,
                1,
                2,
            ),
        ],
    ),
    (
        "Chaufferie gaz 2,5 MW et air comprimé",
        "SUP-02",
        "production",
        [
            (
                "Combustion du gaz naturel (CO₂, NOx)",
                "Changement climatique, pollution de l'air",
                "climate",
                "normal",
                "production",
                "direct",
                "Rubrique 2910 : contrôle périodique et mesures des rejets",
                "Entretien annuel, réglage de combustion",
                2,
                4,
                1,
            ),
            (
                "Fuite de gaz à la chaufferie",
                "Explosion, rejet de méthane",
                "air",
                "emergency",
                "production",
                "direct",
                "",
                "Détecteur gaz asservi à l'électrovanne",
                3,
                1,
                2,
            ),
            (
                "Fuites du réseau d'air comprimé",
                "Gaspillage d'électricité",
                "energy",
                "normal",
                "production",
                "direct",
                "",
                "Campagne de recherche de fuites annuelle",
                2,
                4,
                2,
            ),
        ],
    ),
    (
        "Expédition et transport des pièces",
        "REA-07",
        "transport",
        [
            (
                "Transport routier des pièces vers les clients",
                "Émissions de CO₂ et de polluants",
                "climate",
                "normal",
                "transport",
                "indirect",
                "",
                "Regroupement des livraisons",
                2,
                4,
                3,
            ),
            (
                "Emballages carton, bois et plastique",
                "Consommation de ressources, déchets chez le client",
                "waste",
                "normal",
                "transport",
                "direct",
                "",
                "Caisses navettes réutilisables avec deux clients",
                1,
                4,
                2,
            ),
        ],
    ),
    (
        "Conception et choix des procédés",
        "REA-02",
        "design",
        [
            (
                "Choix des traitements de surface (exclusion du chrome VI)",
                "Toxicité des substances pour les milieux",
                "resources",
                "normal",
                "design",
                "indirect",
                "Règlement REACH, annexe XIV",
                "Revue des cahiers des charges clients",
                3,
                2,
                2,
            ),
            (
                "Fin de vie des pièces chez les clients",
                "Recyclabilité de l'acier et de l'aluminium",
                "resources",
                "normal",
                "end_of_life",
                "indirect",
                "",
                "",
                1,
                2,
                3,
            ),
        ],
    ),
    (
        "Achats de barres d'acier et d'aluminium",
        "REA-03",
        "raw_materials",
        [
            (
                "Production des métaux chez les fournisseurs",
                "Émissions de CO₂, extraction minière",
                "climate",
                "normal",
                "raw_materials",
                "indirect",
                "",
                "Questionnaire fournisseur",
                3,
                4,
                3,
            ),
        ],
    ),
]

MOULINS: list[tuple[str, str | None, str, list[tuple]]] = [
    (
        "Assemblage et expéditions",
        "REA-07",
        "production",
        [
            (
                "Déchets d'emballages des composants",
                "Consommation de ressources",
                "waste",
                "normal",
                "production",
                "direct",
                "",
                "Tri carton et plastique",
                1,
                4,
                2,
            ),
            (
                "Chariots élévateurs électriques (charge des batteries)",
                "Consommation d'électricité, risque d'hydrogène",
                "energy",
                "normal",
                "production",
                "direct",
                "",
                "Local de charge ventilé",
                1,
                4,
                2,
            ),
        ],
    ),
    (
        "Restaurant du personnel",
        "SUP-01",
        "use",
        [
            (
                "Biodéchets de la cuisine et des plateaux",
                "Déchets fermentescibles, méthane en décharge",
                "waste",
                "normal",
                "use",
                "direct",
                "Tri à la source des biodéchets",
                "Collecte séparée vers méthanisation",
                2,
                4,
                1,
            ),
            (
                "Eaux grasses de la plonge",
                "Colmatage et pollution du réseau",
                "water",
                "normal",
                "use",
                "direct",
                "Autorisation de déversement au réseau communal",
                "Bac à graisses vidangé chaque trimestre",
                2,
                4,
                2,
            ),
        ],
    ),
]

# aspect → (title, owner key, days from today, type)
ACTIONS = {
    "Émulsions de coupe usagées (12 01 09*)": (
        "Centrale de recyclage des émulsions (filtration, appoint automatique)",
        "maintenance",
        -120,
        "improvement",
    ),
    "Émissions de COV du dégraissage solvant": (
        "Remplacer le dégraissage solvant par un dégraissage lessiviel",
        "surface",
        150,
        "improvement",
    ),
    "Rejet des eaux de rinçage (métaux, pH)": (
        "Rinçages en cascade pour réduire le volume rejeté",
        "surface",
        75,
        "preventive",
    ),
    "Déversement accidentel des bains vers le réseau pluvial": (
        "Vanne d'obturation du réseau pluvial",
        "maintenance",
        45,
        "preventive",
    ),
    "Consommation d'électricité des machines": (
        "Mise en veille automatique des centres d'usinage",
        "machining",
        60,
        "improvement",
    ),
    "Émissions de COV des peintures solvantées": (
        "Essai d'un primaire hydrodiluable accepté par le client",
        "surface",
        200,
        "improvement",
    ),
}


def _aspect_fields(row: tuple) -> dict[str, Any]:
    aspect, impact, compartment, condition, stage, control_type, legal, controls, s, f, c = row
    return {
        "aspect": aspect,
        "impact": impact,
        "compartment": compartment,
        "condition": condition,
        "life_cycle_stage": stage,
        "control_type": control_type,
        "legal_requirement": legal,
        "existing_controls": controls,
        "severity": s,
        "frequency": f,
        "control": c,
    }


def _build(user: Any, analysis: Any, spec: list[tuple], processes: dict[str, Any]) -> int:
    from qsse.environment import services

    count = 0
    for order, (name, process_code, stage, aspects) in enumerate(spec, start=1):
        activity = services.activity_create(
            user=user,
            analysis=analysis,
            name=name,
            process=processes.get(process_code) if process_code else None,
            life_cycle_stage=stage,
            order=order * 10,
        )
        for row in aspects:
            services.aspect_create(user=user, activity=activity, **_aspect_fields(row))
            count += 1
    return count


def seed_environment(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """MBP's environmental analyses: Montluçon v1 (approved last year) and v2 (approved this
    March), Moulins in draft; significant aspects → actions and one objective."""
    from qsse.actions import services as action_services
    from qsse.environment import services
    from qsse.environment.models import EnvironmentalAspect

    people = org.people
    manager = people["qsse_manager"]
    mtl, mou = org.sites["MTL"], org.sites["MOU"]
    v1 = services.analysis_create(
        user=user,
        title="Analyse environnementale – site de Montluçon",
        site=mtl,
        owner=manager,
        analysed_on=date(today.year - 1, 2, 10),
        scope=(
            "Usinage, traitement de surface, peinture, chaufferie et utilités, expéditions, "
            "conception et achats."
        ),
        life_cycle_note=(
            "Amont : production des barres d'acier et d'aluminium chez les fournisseurs "
            "(influence par les achats). Aval : transport vers les clients, utilisation et fin de vie "
            "des pièces (influence par la conception). Hors périmètre : l'usage des véhicules et "
            "aéronefs des clients finaux."
        ),
    )
    count = _build(user, v1, MONTLUCON, processes)
    services.analysis_approve(user=user, analysis=v1, approved_on=date(today.year - 1, 3, 6))
    v2 = services.analysis_new_version(user=user, analysis=v1, analysed_on=date(today.year, 2, 16))
    # The recycling unit (action of last year) is running: spent emulsions removed monthly, not weekly.
    emulsion = EnvironmentalAspect.objects.get(activity__analysis=v2, aspect__startswith="Émulsions de coupe")
    services.aspect_update(
        user=user,
        aspect=emulsion,
        frequency=3,
        existing_controls=emulsion.existing_controls + " ; centrale de recyclage depuis juin",
    )
    paint = v2.activities.get(name="Peinture liquide en cabine")
    services.aspect_create(
        user=user,
        activity=paint,
        **_aspect_fields(
            (
                "Essai de primaire hydrodiluable : eaux de nettoyage des pistolets",
                "Pollution des eaux",
                "water",
                "normal",
                "production",
                "direct",
                "",
                "Collecte en fûts",
                2,
                2,
                2,
            )
        ),
    )
    count += EnvironmentalAspect.objects.filter(activity__analysis=v2).count()
    services.analysis_approve(user=user, analysis=v2, approved_on=date(today.year, 3, 12))
    moulins = services.analysis_create(
        user=user,
        title="Analyse environnementale – site de Moulins",
        site=mou,
        owner=people.get("moulins_manager", manager),
        analysed_on=date(today.year, 9, 22),
        scope="Assemblage, expéditions, restaurant du personnel.",
        life_cycle_note="Aval : emballages chez les clients ; amont : approvisionnement du restaurant.",
    )
    count += _build(user, moulins, MOULINS, processes)
    actions = 0
    for aspect_text, (title, owner_key, days, kind) in ACTIONS.items():
        # Last year's actions were raised on v1, this year's on v2.
        analysis = v1 if days < 0 else v2
        aspect = EnvironmentalAspect.objects.get(activity__analysis=analysis, aspect=aspect_text)
        action = services.aspect_to_action(
            user=user,
            aspect=aspect,
            title=title,
            owner=people.get(owner_key, manager),
            due_on=today + timedelta(days=days),
            type=kind,
        )
        if days < 0:
            # The recycling unit has run since June: the action is done.
            for status in ("in_progress", "done"):
                action_services.action_set_status(user=user, action=action, status=status)
        actions += 1
    voc = EnvironmentalAspect.objects.get(
        activity__analysis=v2, aspect="Émissions de COV du dégraissage solvant"
    )
    services.aspect_create_objective(
        user=user,
        aspect=voc,
        title="Réduire de 40 % les émissions de COV du site de Montluçon d'ici fin " + str(today.year + 1),
        owner=manager,
        target_date=date(today.year + 1, 12, 31),
        measurable_statement="Émissions de COV du plan de gestion de solvants : de 5,2 t/an à 3,1 t/an.",
    )
    paint_voc = EnvironmentalAspect.objects.get(
        activity__analysis=v2, aspect="Émissions de COV des peintures solvantées"
    )
    services.aspect_link_objective(
        user=user, aspect=paint_voc, objective=voc.objective if voc.objective_id else None
    )
    return {
        "environmental_analyses": 3,
        "environmental_aspects": count,
        "environmental_actions": actions,
    }

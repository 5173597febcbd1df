"""Demo data of the DUER: MBP's document unique for every work unit of the demo plant.

Version 1 was frozen in November of last year (annual update, 125 employees so R4121-2 applies);
the current draft has since been reworked (a new hazard in the paint booth after the switch to a
water-based primer was refused by the customer, the warehouse traffic plan re-rated), and the main
measures are actions of the action plan, which make up this year's PAPRIPACT (125 ≥ 50).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

# (work unit key, family, sub-danger, situation, exposed, existing measures, P, G, control,
#  [(measure, principle, type, protection, action: (owner key, days from today, cost, indicator) | None)])
HAZARDS: list[tuple] = [
    (
        "machining",
        "Équipements de travail",
        "Coupure, happement",
        "Changement d'outil et évacuation des copeaux sur tours et centres CNC ; copeaux longs tranchants.",
        30,
        "Carters et portes verrouillées, gants anti-coupure au poste d'ébavurage.",
        3,
        3,
        2,
        [
            (
                "Crochets à copeaux et brise-copeaux sur les programmes de tournage",
                "source",
                "technical",
                "collective",
                ("machining", 60, "1200", "Zéro coupure avec arrêt sur 12 mois"),
            ),
            ("Gants anti-coupure niveau D pour l'ébavurage", "collective", "technical", "individual", None),
        ],
    ),
    (
        "machining",
        "Nuisances sonores",
        "",
        "Niveau sonore de l'atelier 84 dB(A) sur 8 h près des centres d'usinage et de la soufflette.",
        42,
        "Bouchons d'oreille à disposition, mesure de bruit 2024.",
        4,
        2,
        2,
        [
            (
                "Soufflettes basse pression silencieuses",
                "source",
                "technical",
                "collective",
                ("maintenance", 90, "850", "Niveau mesuré < 80 dB(A)"),
            ),
            ("Bouchons moulés sur mesure pour les opérateurs", "collective", "technical", "individual", None),
        ],
    ),
    (
        "machining",
        "Produits, émissions et déchets",
        "Fluides de coupe",
        "Contact cutané et brouillards d'huile soluble (dermatoses, affections respiratoires).",
        30,
        "Capotage des machines, crème protectrice.",
        3,
        2,
        2,
        [
            (
                "Aspiration des brouillards d'huile sur les 6 centres CNC",
                "source",
                "technical",
                "collective",
                ("maintenance", 150, "18000", "Concentration en brouillard < 1 mg/m³"),
            ),
            ("Suivi hebdomadaire de la concentration du fluide", "evaluate", "organisational", "na", None),
        ],
    ),
    (
        "surface",
        "Produits, émissions et déchets",
        "Agents CMR",
        "Bain de chromatation et dégraissage solvant : exposition à des agents CMR par inhalation.",
        12,
        "Aspiration en bord de cuve, masques à cartouche, fiches d'exposition.",
        2,
        4,
        2,
        [
            (
                "Substituer la chromatation hexavalente par une conversion trivalente",
                "substitute",
                "technical",
                "collective",
                ("surface", 200, "35000", "Plus aucun chrome VI sur le site"),
            ),
            (
                "Former l'équipe au risque chimique et aux fiches de données de sécurité",
                "instruct",
                "human",
                "na",
                ("hr", 45, "1500", "100 % de l'équipe formée"),
            ),
        ],
    ),
    (
        "surface",
        "Produits, émissions et déchets",
        "Projections",
        "Projections d'acide et de soude lors des ajouts de produits dans les bains.",
        12,
        "Lunettes, tablier, douche de sécurité.",
        3,
        3,
        2,
        [
            (
                "Pompe doseuse pour les ajouts de produits",
                "source",
                "technical",
                "collective",
                ("surface", 120, "4200", "Zéro projection déclarée"),
            ),
            ("Écran facial pour les ajouts", "collective", "technical", "individual", None),
        ],
    ),
    (
        "paint",
        "Incendie, explosion",
        "",
        "Atmosphère explosive en cabine (solvants de peinture), étuve de séchage.",
        5,
        "Matériel ATEX en cabine, extinction automatique, permis de feu.",
        2,
        4,
        3,
        [
            (
                "Mettre à jour le document relatif à la protection contre les explosions (DRPCE)",
                "evaluate",
                "organisational",
                "na",
                ("qsse_manager", 75, "2500", "DRPCE révisé et validé"),
            )
        ],
    ),
    (
        "paint",
        "Produits, émissions et déchets",
        "Solvants",
        "Inhalation de solvants lors de la préparation des teintes et du nettoyage des pistolets.",
        5,
        "Cabine ventilée, masque à adduction d'air.",
        3,
        3,
        2,
        [
            (
                "Laveur de pistolets fermé",
                "source",
                "technical",
                "collective",
                ("maintenance", 100, "3200", "Mesure COV < VLEP"),
            ),
            ("Masques à cartouches A2P3 pour la préparation", "collective", "technical", "individual", None),
        ],
    ),
    (
        "warehouse",
        "Circulations internes",
        "Chariots élévateurs",
        "Co-activité chariots élévateurs et piétons dans l'entrepôt et au quai.",
        8,
        "CACES R489, avertisseurs lumineux bleus.",
        3,
        4,
        2,
        [
            (
                "Plan de circulation avec allées piétonnes séparées et marquées au sol",
                "source",
                "organisational",
                "collective",
                ("lead_logistics", 40, "6500", "Zéro presque-accident chariot/piéton"),
            ),
            (
                "Chaussures de sécurité et gilets haute visibilité obligatoires",
                "collective",
                "technical",
                "individual",
                None,
            ),
        ],
    ),
    (
        "warehouse",
        "Manutention manuelle",
        "",
        "Manutention des barres et des colis (jusqu'à 25 kg), gestes répétés au conditionnement.",
        8,
        "Transpalettes, formation gestes et postures 2022.",
        3,
        2,
        2,
        [
            (
                "Palan à ventouse pour le chargement des barres",
                "adapt",
                "technical",
                "collective",
                ("lead_logistics", 130, "7800", "Charge manuelle max < 15 kg"),
            )
        ],
    ),
    (
        "maintenance",
        "Électricité",
        "",
        "Interventions sur armoires électriques et machines sous tension.",
        6,
        "Habilitations électriques à jour, consignation.",
        2,
        4,
        3,
        [
            (
                "Recyclage des habilitations électriques",
                "instruct",
                "human",
                "na",
                ("maintenance", 60, "2400", "100 % habilités à jour"),
            )
        ],
    ),
    (
        "maintenance",
        "Chute de hauteur",
        "",
        "Accès aux toitures et aux ponts roulants pour maintenance.",
        6,
        "Nacelle louée, harnais.",
        2,
        4,
        2,
        [
            (
                "Garde-corps permanents en toiture",
                "collective",
                "technical",
                "collective",
                ("maintenance", 220, "14000", "Accès toiture sans harnais"),
            )
        ],
    ),
    (
        "metrology",
        "Activité physique",
        "Travail sur écran",
        "Mesures sur MMT et saisie des rapports sur écran, postures statiques.",
        4,
        "Sièges réglables.",
        2,
        1,
        2,
        [],
    ),
    (
        "offices",
        "Activité physique",
        "Travail sur écran",
        "Travail prolongé sur écran, postes mal réglés.",
        18,
        "Écrans réglables.",
        3,
        1,
        2,
        [("Étude ergonomique des postes de travail", "adapt", "organisational", "na", None)],
    ),
    (
        "offices",
        "Risques psychosociaux",
        "",
        "Charge de travail et sollicitations simultanées (clients, production).",
        18,
        "Entretiens annuels.",
        2,
        3,
        1,
        [
            (
                "Enquête RPS et plan d'action avec le CSE",
                "evaluate",
                "organisational",
                "na",
                ("hr", 120, "3000", "Taux de réponse > 70 %"),
            )
        ],
    ),
    (
        "assembly",
        "Postures penibles",
        "",
        "Postures contraignantes et gestes répétitifs à l'assemblage des sous-ensembles.",
        24,
        "Rotation des postes.",
        3,
        2,
        2,
        [
            (
                "Tables réglables en hauteur",
                "adapt",
                "technical",
                "collective",
                ("moulins_manager", 160, "9600", "Plaintes TMS en baisse de 50 %"),
            )
        ],
    ),
    (
        "canteen",
        "Ambiances climatiques",
        "Brûlures",
        "Brûlures au contact des fours, friteuses et plaques ; vapeur lors de l'ouverture des fours.",
        6,
        "Gants anti-chaleur, formation.",
        3,
        2,
        2,
        [("Manches et gants thermiques longs", "collective", "technical", "individual", None)],
    ),
    (
        "canteen",
        "Accident de plain-pied",
        "Glissades",
        "Sols mouillés ou gras en cuisine et à la plonge.",
        6,
        "Chaussures antidérapantes.",
        3,
        2,
        3,
        [
            (
                "Revêtement de sol antidérapant en plonge",
                "source",
                "technical",
                "collective",
                ("moulins_manager", 250, "5400", "Zéro chute sur 12 mois"),
            )
        ],
    ),
    (
        "road",
        "Circulation, déplacements",
        "Risque routier",
        "Trajets entre Montluçon et Moulins et visites clients en véhicule de service.",
        30,
        "Véhicules entretenus, charte de conduite.",
        3,
        4,
        2,
        [
            (
                "Stage de conduite préventive pour les grands rouleurs",
                "instruct",
                "human",
                "na",
                ("hr", 180, "4500", "Zéro accident responsable"),
            )
        ],
    ),
]

# Added to the draft after the version of last year (with the rating changes below).
NEW_IN_DRAFT = {("paint", "Produits, émissions et déchets", "Solvants")}


def seed_duer(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """MBP's DUER: one frozen version last November, the current draft, measures → actions."""
    from qsse.context import services as context_services

    from . import services
    from .models import HazardFamily

    context_services.matrix_ensure_default(usage="duer")
    people = org.people
    families = {family.name: family for family in HazardFamily.objects.all()}
    duer = services.duer_create(
        user=user, title="Document unique – MBP", owner=people["qsse_manager"], site=None
    )
    created: list[tuple[Any, list[tuple]]] = []
    for key, family, sub, situation, exposed, existing, probability, gravity, control, measures in HAZARDS:
        if (key, family, sub) in NEW_IN_DRAFT:
            continue
        hazard = services.hazard_create(
            user=user,
            duer=duer,
            work_unit=org.work_units[key],
            family=families[family],
            sub_danger=sub,
            situation=situation,
            exposed_count=exposed,
            existing_measures=existing,
            probability=probability,
            gravity=gravity,
            # Last year the warehouse traffic was poorly controlled.
            control_level=1 if key == "warehouse" and sub == "Chariots élévateurs" else control,
        )
        created.append((hazard, measures))
        for description, principle, kind, protection, _action in measures:
            services.measure_create(
                user=user,
                hazard=hazard,
                description=description,
                principle=principle,
                measure_type=kind,
                protection=protection,
            )
    version_day = date(today.year - 1, 11, 14)
    services.version_freeze(
        user=user,
        duer=duer,
        change_note="Mise à jour annuelle : intégration de l'audit bruit et du plan de circulation.",
        frozen_on=version_day,
        headcount=org.organization.headcount,
    )
    # The draft since: the warehouse traffic re-rated, a new hazard in the paint booth.
    for hazard, _measures in created:
        if hazard.sub_danger == "Chariots élévateurs":
            services.hazard_update(user=user, hazard=hazard, control_level=2)
    for key, family, sub, situation, exposed, existing, probability, gravity, control, measures in HAZARDS:
        if (key, family, sub) not in NEW_IN_DRAFT:
            continue
        hazard = services.hazard_create(
            user=user,
            duer=duer,
            work_unit=org.work_units[key],
            family=families[family],
            sub_danger=sub,
            situation=situation,
            exposed_count=exposed,
            existing_measures=existing,
            probability=probability,
            gravity=gravity,
            control_level=control,
        )
        created.append((hazard, measures))
        for description, principle, kind, protection, _action in measures:
            services.measure_create(
                user=user,
                hazard=hazard,
                description=description,
                principle=principle,
                measure_type=kind,
                protection=protection,
            )
    actions = 0
    for hazard, measures in created:
        by_description = {measure.description: measure for measure in hazard.measures.all()}
        for description, _principle, _kind, _protection, action in measures:
            if action is None:
                continue
            owner_key, days, cost, indicator = action
            services.measure_to_action(
                user=user,
                measure=by_description[description],
                owner=people[owner_key],
                due_on=date(today.year, 1, 15) + timedelta(days=days),
                estimated_cost=Decimal(cost),
                efficacy_criterion=indicator,
                human_resources=str(people[owner_key]),
            )
            actions += 1
    return {
        "duer_hazards": len(created),
        "duer_versions": 1,
        "duer_actions": actions,
    }

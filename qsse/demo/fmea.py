# ruff: noqa: E501  (data: long French sentences read better unwrapped)
"""Demo data of the fmea module: the story of MBP (see docs of the demo organisation).

In spring 2025 the machining workshop of Montluçon ran a process FMEA of the CNC turning of
aluminium housings (carter CA-220 for an automotive customer), led by Laurent Chevalier. Twenty-five
worksheet lines; the highest RPNs got preventive actions in the action plan, several are done and
the lines were re-rated in autumn 2025. The design office keeps a small design FMEA of the housing.

MBP prioritises its FMEAs by RPN (high from 100); the action priority H/M/L is computed next to it
with the AIAG-VDA 2019 table shipped with OpenQSSE (qsse/fmea/data/).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus
from qsse.fmea import services

FUNCTIONS = [
    ("main", "OP10 Débit et mise en position", "Mettre le lopin en position sur le mandrin (appui, serrage)"),
    ("main", "OP20 Tournage ébauche", "Enlever la matière en laissant 0,3 mm de surépaisseur"),
    ("main", "OP30 Tournage finition", "Réaliser l'alésage Ø42 H7 et la portée de joint Ra ≤ 0,8"),
    ("main", "OP40 Perçage / taraudage", "Réaliser 6 taraudages M6 à la profondeur 12 mm"),
    ("complementary", "OP50 Ébavurage et lavage", "Livrer des pièces sans bavure ni copeau, propres"),
    (
        "constraint",
        "OP60 Contrôle final et conditionnement",
        "Protéger les surfaces fonctionnelles pendant le transport",
    ),
    ("constraint", "Émulsion de coupe", "Maintenir la concentration de l'émulsion entre 6 et 8 %"),
]

# (function index, step, mode, effect, S, cause, prevention, O, detection control, D, action or "")
LINES = [
    (
        0,
        "OP10 Débit",
        "Longueur du lopin hors tolérance",
        "Surépaisseur insuffisante, reprise impossible",
        5,
        "Butée de scie déréglée",
        "Réglage validé au changement de série",
        3,
        "Contrôle de la 1re pièce au réglet",
        4,
        "",
    ),
    (
        0,
        "OP10 Mise en position",
        "Pièce mal serrée dans le mandrin",
        "Pièce éjectée, casse outil, risque pour l'opérateur",
        9,
        "Pression hydraulique de serrage trop faible",
        "Pressostat avec alarme machine",
        2,
        "Contrôle visuel du serrage",
        7,
        "Ajouter un contrôle automatique de présence pièce et de pression avant cycle",
    ),
    (
        0,
        "OP10 Mise en position",
        "Pièce mal orientée (appui inversé)",
        "Usinage sur la mauvaise face, pièce rebutée",
        7,
        "Pièce symétrique en apparence, pas de détrompeur",
        "Instruction de poste avec photo",
        4,
        "Autocontrôle visuel",
        6,
        "Installer un détrompeur sur le mors",
    ),
    (
        1,
        "OP20 Tournage ébauche",
        "Bris d'outil d'ébauche",
        "Rayures profondes, pièce rebutée, arrêt machine",
        7,
        "Plaquette utilisée au-delà de sa durée de vie",
        "Changement de plaquette toutes les 150 pièces",
        5,
        "Surveillance de la charge broche (seuil fixe)",
        5,
        "Mettre en place la gestion de durée de vie outil dans la CN",
    ),
    (
        1,
        "OP20 Tournage ébauche",
        "Copeaux enroulés autour de la pièce",
        "Marques sur la pièce, arrêt pour dégagement",
        4,
        "Brise-copeaux inadapté à l'alliage 6082",
        "Plaquette préconisée par le fournisseur",
        6,
        "Surveillance opérateur",
        4,
        "",
    ),
    (
        1,
        "OP20 Tournage ébauche",
        "Surépaisseur irrégulière",
        "Finition hors tolérance à l'opération suivante",
        6,
        "Dérive thermique de la broche en début de poste",
        "Cycle de préchauffage de 10 min",
        4,
        "Mesure de la 1re pièce de l'équipe",
        5,
        "",
    ),
    (
        2,
        "OP30 Tournage finition",
        "Alésage Ø42 H7 hors tolérance (dérive dimensionnelle)",
        "Roulement mal monté chez le client, bruit, retour garantie",
        8,
        "Usure progressive de la plaquette de finition",
        "Correction d'usure manuelle par l'opérateur",
        6,
        "Autocontrôle au tampon 1 pièce sur 20",
        6,
        "Palpeur en machine avec correction automatique d'usure",
    ),
    (
        2,
        "OP30 Tournage finition",
        "Alésage Ø42 hors tolérance après changement d'outil",
        "Lot non conforme si non détecté",
        8,
        "Erreur de saisie de la correction d'outil",
        "Fiche de réglage",
        4,
        "Contrôle 1re pièce après changement d'outil",
        4,
        "Rendre le contrôle 1re pièce bloquant (validation dans la CN)",
    ),
    (
        2,
        "OP30 Tournage finition",
        "Rugosité de la portée de joint Ra > 0,8",
        "Fuite d'huile au joint chez le client",
        8,
        "Vitesse de coupe inadaptée, plaquette émoussée",
        "Paramètres de coupe figés dans le programme",
        4,
        "Rugosimètre 1 pièce par heure",
        5,
        "Rugosimètre en fin de ligne sur 100 % des pièces",
    ),
    (
        2,
        "OP30 Tournage finition",
        "Concentricité Ø42 / Ø60 hors tolérance",
        "Balourd, usure prématurée du roulement",
        7,
        "Mors usés ou encrassés",
        "Nettoyage des mors à chaque équipe",
        3,
        "Contrôle tridimensionnel 1 pièce par lot",
        6,
        "",
    ),
    (
        2,
        "OP30 Tournage finition",
        "Rayure sur la portée de joint",
        "Fuite d'huile au joint",
        8,
        "Copeau coincé entre l'outil et la pièce",
        "Arrosage haute pression",
        3,
        "Contrôle visuel à 100 %",
        7,
        "Ajouter un soufflage avant la passe de finition",
    ),
    (
        3,
        "OP40 Perçage",
        "Perçage M6 non débouchant ou trop court",
        "Vis de fixation ne se visse pas, montage impossible",
        7,
        "Foret cassé non détecté",
        "Changement préventif du foret",
        3,
        "Tampon fileté 1 pièce sur 50",
        6,
        "Contrôle de présence foret par laser avant chaque perçage",
    ),
    (
        3,
        "OP40 Taraudage",
        "Filetage M6 incomplet ou arraché",
        "Couple de serrage non tenu chez le client",
        8,
        "Taraud usé ou copeaux dans le trou",
        "Changement du taraud toutes les 2 000 pièces",
        4,
        "Tampon fileté entre/n'entre pas 1 pièce sur 20",
        5,
        "Contrôle des 6 taraudages sur 100 % des pièces en fin de ligne",
    ),
    (
        3,
        "OP40 Taraudage",
        "Taraudage oublié (programme interrompu)",
        "Montage impossible chez le client",
        8,
        "Redémarrage du programme au mauvais bloc après arrêt",
        "Consigne de redémarrage au début du programme",
        2,
        "Autocontrôle visuel",
        7,
        "",
    ),
    (
        4,
        "OP50 Ébavurage",
        "Bavures résiduelles sur l'alésage",
        "Bavure détachée dans le moteur, blocage",
        8,
        "Ébavurage manuel incomplet",
        "Outil d'ébavurage dédié, formation",
        5,
        "Contrôle visuel à 100 %",
        7,
        "Ébavurage automatique par brosse en machine",
    ),
    (
        4,
        "OP50 Ébavurage",
        "Chanfrein d'entrée absent",
        "Joint blessé au montage",
        6,
        "Oubli de l'opérateur",
        "Gamme opératoire",
        3,
        "Contrôle visuel",
        7,
        "",
    ),
    (
        4,
        "OP50 Lavage",
        "Copeaux ou huile résiduels",
        "Pollution du circuit client, réclamation propreté",
        6,
        "Buses de lavage bouchées",
        "Maintenance préventive mensuelle du tunnel",
        4,
        "Contrôle de propreté (gravimétrie) 1 fois par semaine",
        6,
        "Contrôle quotidien des buses et filtre",
    ),
    (
        5,
        "OP60 Contrôle final",
        "Pièce non conforme livrée",
        "Réclamation client, tri chez le client",
        8,
        "Contrôle par échantillonnage insuffisant",
        "Plan de contrôle validé",
        3,
        "Contrôle final par échantillonnage",
        6,
        "",
    ),
    (
        5,
        "OP60 Conditionnement",
        "Chocs et rayures pendant le transport",
        "Pièces rayées à réception, aspect non conforme",
        5,
        "Pièces en vrac dans le bac",
        "Bacs à alvéoles",
        4,
        "Contrôle visuel à réception client",
        8,
        "Intercalaires en mousse entre chaque couche",
    ),
    (
        5,
        "OP60 Conditionnement",
        "Mélange de références dans un bac",
        "Montage d'une mauvaise pièce chez le client",
        7,
        "Deux références proches sur la même ligne",
        "Étiquetage par référence",
        2,
        "Contrôle visuel de l'étiquette",
        6,
        "",
    ),
    (
        6,
        "Émulsion de coupe",
        "Concentration de l'émulsion trop faible",
        "Usure outil accélérée, corrosion des pièces",
        6,
        "Appoint d'eau sans correction de concentration",
        "Centrale de mélange automatique",
        5,
        "Mesure au réfractomètre 1 fois par semaine",
        6,
        "Mesure quotidienne au réfractomètre et enregistrement",
    ),
    (
        6,
        "Émulsion de coupe",
        "Émulsion contaminée (bactéries, huile étrangère)",
        "Odeurs, dermatoses, état de surface dégradé",
        7,
        "Fuites d'huile hydraulique dans le bac",
        "Vidange semestrielle",
        4,
        "Contrôle visuel et olfactif",
        7,
        "Déshuileur à bande et analyse mensuelle",
    ),
    (
        6,
        "Émulsion de coupe",
        "Concentration trop élevée",
        "Moussage, surconsommation, résidus sur pièces",
        4,
        "Erreur de dosage à la préparation",
        "Centrale de mélange",
        3,
        "Mesure au réfractomètre",
        5,
        "",
    ),
    (
        2,
        "OP30 Tournage finition",
        "Programme CN d'une autre version utilisé",
        "Cotes de l'ancien indice, lot non conforme",
        8,
        "Plusieurs versions du programme sur le serveur",
        "Gestion des versions dans le DNC",
        2,
        "Contrôle 1re pièce",
        4,
        "",
    ),
    (
        1,
        "OP20 Tournage ébauche",
        "Collision outil / mors",
        "Casse machine, arrêt prolongé",
        6,
        "Erreur de réglage des mors doux",
        "Simulation FAO du programme",
        2,
        "Détection de collision par la CN",
        3,
        "",
    ),
]

# Line numbers (1-based) whose action is done and which were re-rated: (S, O, D) after the action.
DONE_AND_RERATED = {
    2: (9, 2, 2),
    4: (7, 2, 5),
    7: (8, 2, 2),
    13: (8, 2, 2),
    15: (8, 2, 3),
    21: (6, 2, 3),
}
IN_PROGRESS = {9, 22, 19}

DESIGN_LINES = [
    (
        "Carter CA-220 – paroi",
        "Épaisseur de paroi insuffisante",
        "Fissure sous pression d'huile",
        9,
        "Épaisseur mini mal définie au plan",
        "Calcul par éléments finis",
        3,
        "Essai de tenue en pression sur prototypes",
        3,
    ),
    (
        "Carter CA-220 – alésage",
        "Tolérance H7 trop serrée pour le procédé",
        "Rebut élevé, coût",
        5,
        "Tolérance reprise d'un ancien plan",
        "Revue de conception avec l'atelier",
        4,
        "Étude de capabilité en présérie",
        4,
    ),
    (
        "Carter CA-220 – taraudages",
        "Longueur filetée insuffisante",
        "Arrachement des vis au serrage",
        8,
        "Profondeur de filetage sous-estimée pour l'aluminium",
        "Règles de conception (1,5 × d dans l'aluminium)",
        3,
        "Essai de couple d'arrachement",
        3,
    ),
    (
        "Carter CA-220 – portée de joint",
        "Rugosité spécifiée inadaptée au joint",
        "Fuite d'huile",
        8,
        "Spécification du fournisseur de joint non prise en compte",
        "Revue des exigences client",
        2,
        "Essai d'étanchéité sur banc",
        4,
    ),
    (
        "Carter CA-220 – matière",
        "Alliage sensible à la corrosion",
        "Corrosion en service",
        6,
        "Choix d'un alliage sans traitement de surface",
        "Anodisation prévue au plan",
        3,
        "Essai brouillard salin",
        5,
    ),
]


def seed_fmea(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the fmea records of the demo organisation; returns counts by kind for the summary."""
    people = org.people
    montlucon = org.sites["MTL"]
    services.settings_update(user=user, rpn_high_threshold=100, rpn_medium_threshold=50, default_method="rpn")
    pfmea = services.fmea_create(
        user=user,
        kind="process",
        title="AMDEC procédé – tournage CNC des carters aluminium CA-220",
        process=processes.get("REA-05"),
        site=montlucon,
        product="Carter CA-220 (alliage 6082), client automobile",
        scope=(
            "Du débit du lopin au conditionnement, îlot de tournage T3 (2 tours CNC bi-broche). "
            "Hors périmètre : traitement de surface (AMDEC séparée)."
        ),
        leader=people["machining"],
        prioritisation_method="rpn",
        started_on=date(2025, 3, 10),
        due_on=date(2025, 6, 30),
        team=[
            people[key]
            for key in ("lead_machining", "op_cnc_1", "metrology", "qsse_manager", "maintenance", "design")
        ],
    )
    functions = [
        services.function_add(user=user, fmea=pfmea, kind=kind, structure_element=step, description=text)
        for kind, step, text in FUNCTIONS
    ]
    lines = []
    for function_index, step, mode, effect, s, cause, prevention, o, detection_control, d, action in LINES:
        lines.append(
            services.line_create(
                user=user,
                fmea=pfmea,
                function=functions[function_index],
                process_step=step,
                failure_mode=mode,
                effect=effect,
                severity=s,
                cause=cause,
                prevention_controls=prevention,
                occurrence=o,
                detection_controls=detection_control,
                detection=d,
                recommended_action=action,
            )
        )
    owners = [people[key] for key in ("machining", "lead_machining", "maintenance", "metrology")]
    actions = 0
    for number, line in enumerate(lines, start=1):
        if not line.recommended_action:
            continue
        action = services.line_create_action(
            user=user,
            line=line,
            title=line.recommended_action[:255],
            owner=owners[number % len(owners)],
            due_on=date(2025, 9, 30)
            if number in DONE_AND_RERATED
            else today + timedelta(days=30 + 7 * number),
        )
        actions += 1
        if number in DONE_AND_RERATED or number in IN_PROGRESS:
            action = action_services.action_set_status(
                user=user, action=action, status=ActionStatus.IN_PROGRESS
            )
        if number in DONE_AND_RERATED:
            action_services.action_set_status(user=user, action=action, status=ActionStatus.DONE)
            s, o, d = DONE_AND_RERATED[number]
            line.refresh_from_db()
            services.line_rerate(
                user=user,
                line=line,
                revised_severity=s,
                revised_occurrence=o,
                revised_detection=d,
                revised_on=date(2025, 11, 5),
            )
    services.fmea_set_status(user=user, fmea=pfmea, status="in_review")

    dfmea = services.fmea_create(
        user=user,
        kind="design",
        title="AMDEC produit – carter CA-220",
        process=processes.get("REA-02"),
        site=montlucon,
        product="Carter CA-220, indice C",
        scope="Conception du carter : parois, alésage de roulement, taraudages de fixation, portée de joint.",
        leader=people["design"],
        prioritisation_method="rpn",
        started_on=date(2025, 1, 15),
        due_on=date(2025, 3, 31),
        team=[people[key] for key in ("machining", "qsse_manager", "metrology")],
    )
    services.function_add(
        user=user,
        fmea=dfmea,
        kind="main",
        structure_element="Carter CA-220",
        description="Loger et maintenir le roulement, assurer l'étanchéité du carter",
    )
    for element, mode, effect, s, cause, prevention, o, detection_control, d in DESIGN_LINES:
        services.line_create(
            user=user,
            fmea=dfmea,
            process_step=element,
            failure_mode=mode,
            effect=effect,
            severity=s,
            cause=cause,
            prevention_controls=prevention,
            occurrence=o,
            detection_controls=detection_control,
            detection=d,
        )
    services.fmea_set_status(user=user, fmea=dfmea, status="in_review")
    services.fmea_set_status(user=user, fmea=dfmea, status="approved")
    return {"FMEAs": 2, "FMEA lines": len(lines) + len(DESIGN_LINES), "FMEA actions": actions}

"""Demo data of the hazop module: the HAZOP of the solvent degreasing unit of Montluçon (2 nodes,
deviations generated from the IEC 61882 guide words, analysed and rated on the "hazop" matrix, a few
recommendations sent to the action plan)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import translation

from qsse.hazop import services

NODES = [
    (
        "Cuve de dégraissage (bain de solvant chauffé)",
        "Maintenir le bain de solvant à 60 °C (point d'éclair 63 °C) au niveau nominal pour dégraisser "
        "les pièces usinées avant traitement de surface.",
        ["temperature", "level", "composition"],
        ["more", "less", "other_than"],
    ),
    (
        "Distillation et récupération du solvant",
        "Distiller sous vide le solvant usé à 1,5 m³/h et renvoyer le distillat vers la cuve ; boues vers "
        "les fûts de déchets dangereux.",
        ["flow", "pressure", "temperature"],
        ["no", "more", "reverse"],
    ),
]

# (node index, parameter, guide word) → analysis
ANALYSIS = {
    (0, "temperature", "more"): dict(
        causes="Défaillance du thermostat de régulation ; résistance restée sous tension",
        consequences="Solvant au-delà de son point d'éclair : vapeurs inflammables, risque d'incendie "
        "et d'exposition des opérateurs",
        safeguards="Thermostat de régulation, aspiration des vapeurs",
        likelihood=2,
        severity=4,
        recommendation="Installer un thermostat de sécurité indépendant coupant le chauffage à 55 °C",
        action=("maintenance", 45),
    ),
    (0, "level", "less"): dict(
        causes="Fuite au niveau de la vanne de vidange ; évaporation non compensée",
        consequences="Résistances dénoyées : surchauffe locale, dégradation du solvant",
        safeguards="Contrôle visuel du niveau à la prise de poste",
        likelihood=2,
        severity=3,
        recommendation="Ajouter un détecteur de niveau bas asservi au chauffage",
        action=("maintenance", 60),
    ),
    (0, "level", "more"): dict(
        causes="Remplissage manuel sans contrôle",
        consequences="Débordement de solvant dans la rétention",
        safeguards="Bac de rétention dimensionné à 100 % du volume",
        likelihood=2,
        severity=2,
    ),
    (0, "composition", "other_than"): dict(
        causes="Entraînement d'eau ou d'huile de coupe avec les pièces",
        consequences="Perte d'efficacité du dégraissage, non-conformités d'adhérence peinture",
        safeguards="Égouttage des pièces, analyse mensuelle du bain",
        likelihood=3,
        severity=2,
    ),
    (0, "temperature", "less"): dict(
        causes="Résistance hors service",
        consequences="Dégraissage insuffisant (qualité), sans conséquence sécurité",
        safeguards="Voyant de chauffe",
        likelihood=2,
        severity=1,
    ),
    (1, "pressure", "more"): dict(
        causes="Pompe à vide arrêtée pendant la distillation ; colmatage du condenseur",
        consequences="Montée en température du bouilleur, émission de vapeurs de solvant",
        safeguards="Pressostat avec arrêt de la chauffe",
        likelihood=2,
        severity=4,
        recommendation="Tester trimestriellement le pressostat de sécurité et consigner l'essai",
        action=("surface", 30),
    ),
    (1, "flow", "no"): dict(
        causes="Vanne de retour du distillat fermée",
        consequences="Remplissage du réservoir de distillat, arrêt de l'installation",
        safeguards="Alarme de niveau haut du réservoir",
        likelihood=2,
        severity=2,
    ),
    (1, "flow", "reverse"): dict(
        causes="Clapet anti-retour défaillant",
        consequences="Retour de solvant usé vers la cuve propre",
        safeguards="Clapet anti-retour",
        likelihood=1,
        severity=2,
    ),
    (1, "temperature", "more"): dict(
        causes="Régulation de la chauffe du bouilleur défaillante",
        consequences="Décomposition du solvant, boues plus dangereuses",
        safeguards="Thermostat du bouilleur",
        likelihood=1,
        severity=3,
    ),
}


def seed_hazop(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the hazop records of the demo organisation; returns counts by kind for the summary."""
    from qsse.context.services import matrix_ensure_default

    matrix_ensure_default(usage="hazop")
    people = org.people
    deviations = actions = 0
    with translation.override("fr"):
        study = services.study_create(
            user=user,
            title="HAZOP de la fontaine de dégraissage solvant",
            installation="Fontaine de dégraissage solvant",
            site=org.sites["MTL"],
            leader=people["qsse_manager"],
            team=[people["qsse_manager"], people["surface"], people["maintenance"], people["lead_surface"]],
            pid_reference="PID-TS-012 rév. C",
            scope="Cuve de dégraissage chauffée et unité de distillation du solvant de l'atelier de "
            "traitement de surface (bâtiment B).",
        )
        for index, (name, intent, parameters, guide_words) in enumerate(NODES):
            node = services.node_add(
                user=user, study=study, name=name, design_intent=intent, parameters=parameters
            )
            created = services.deviations_generate(
                user=user, node=node, parameters=parameters, guide_words=guide_words
            )
            deviations += len(created)
            for deviation in created:
                analysis = ANALYSIS.get((index, deviation.parameter, deviation.guide_word))
                if analysis is None:
                    continue
                analysis = dict(analysis)
                action = analysis.pop("action", None)
                deviation = services.deviation_update(user=user, deviation=deviation, **analysis)
                if action is not None:
                    owner_key, days = action
                    services.deviation_create_action(
                        user=user,
                        deviation=deviation,
                        owner=people[owner_key],
                        due_on=today + timedelta(days=days),
                    )
                    actions += 1
    return {"HAZOP studies": 1, "HAZOP deviations": deviations, "HAZOP actions": actions}

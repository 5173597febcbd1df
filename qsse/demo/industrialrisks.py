"""Demo data of the industrial risk control plan: MBP's Montluçon plant (see the demo organisation).

Dangerous phenomena: fire in the paint booth, spill of cutting emulsion or surface-treatment baths
to the river (the Cher) through the storm-water network, gas leak at the 2.5 MW boiler room, toxic
release from mixing acid and hypochlorite at the treatment line. Each is rated on the "industrial"
matrix before and after its measures; the planned measures are actions. The emergency plan of the
site lists the alert, contacts (numbers are fictitious except the national emergency numbers),
resources and one procedure per scenario; drills are held twice a year (March and September).
Telephone numbers of the demo are invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

# key, installation, kind, title, scenario, consequences, P, G, residual P, residual G,
# [(measure, role, status, action (owner key, days) or None)]
PHENOMENA: list[tuple] = [
    (
        "paint_fire",
        "Cabine de peinture",
        "fire",
        "Incendie de la cabine de peinture",
        "Inflammation des vapeurs de solvant au pistolet (étincelle, électricité statique) "
        "puis des filtres encrassés.",
        "Brûlures, fumées toxiques, propagation au bâtiment de traitement de surface, "
        "eaux d'extinction polluées.",
        3,
        4,
        2,
        4,
        [
            ("Mise à la terre des pistolets et des pièces", "prevention", "existing", None),
            ("Ventilation asservie à la pulvérisation", "prevention", "existing", None),
            ("Permis de feu pour tout travail par point chaud", "prevention", "existing", None),
            ("Extincteurs CO₂ et RIA à proximité", "protection", "existing", None),
            (
                "Détection flamme et extinction automatique CO₂ de la cabine",
                "protection",
                "planned",
                ("maintenance", 120),
            ),
        ],
    ),
    (
        "river_spill",
        "Ligne de traitement de surface et stockage des émulsions",
        "water_pollution",
        "Déversement d'émulsion ou de bains de traitement vers le Cher",
        "Rupture d'une cuve ou d'un fût pendant un dépotage ; le produit rejoint le réseau pluvial "
        "qui se jette dans le Cher.",
        "Pollution de la rivière (métaux, hydrocarbures), mortalité piscicole, sanction administrative.",
        2,
        4,
        1,
        3,
        [
            ("Cuves et fûts sur rétention dimensionnée", "prevention", "existing", None),
            ("Contrôle visuel hebdomadaire des cuves et des rétentions", "prevention", "existing", None),
            ("Kits antipollution au quai de dépotage et à la ligne", "protection", "existing", None),
            ("Vanne d'obturation manuelle du réseau pluvial", "protection", "planned", ("maintenance", 45)),
        ],
    ),
    (
        "boiler_gas",
        "Chaufferie gaz 2,5 MW",
        "explosion",
        "Fuite de gaz et explosion à la chaufferie",
        "Fuite sur la rampe gaz ou le brûleur ; accumulation dans le local puis inflammation.",
        "Explosion du local, projection, incendie ; arrêt du chauffage des bains.",
        2,
        4,
        1,
        4,
        [
            ("Détecteur de gaz asservi à l'électrovanne de coupure", "prevention", "existing", None),
            ("Entretien annuel et contrôle d'étanchéité de la rampe gaz", "prevention", "existing", None),
            ("Coupure gaz extérieure signalée", "protection", "existing", None),
        ],
    ),
    (
        "toxic_mix",
        "Ligne de traitement de surface",
        "toxic_release",
        "Dégagement de chlore par mélange d'acide et d'hypochlorite",
        "Erreur de dépotage : hypochlorite versé dans une cuve acide.",
        "Intoxication du personnel de la ligne, évacuation du bâtiment.",
        2,
        3,
        1,
        3,
        [
            ("Raccords de dépotage détrompés et étiquetés par produit", "prevention", "existing", None),
            ("Stockage séparé des acides et des oxydants", "prevention", "existing", None),
            ("Masques de fuite à la ligne", "protection", "planned", ("surface", 30)),
        ],
    ),
]

CONTACTS = [
    (
        "internal",
        "Responsable QSSE (chef d'intervention)",
        "MBP",
        "04 70 00 10 01",
        "06 00 00 10 01",
        "Astreinte 24 h/24",
        1,
    ),
    ("internal", "Directeur du site", "MBP", "04 70 00 10 02", "06 00 00 10 02", "", 2),
    (
        "internal",
        "Astreinte maintenance",
        "MBP",
        "06 00 00 10 03",
        "",
        "Coupures gaz, électricité, réseau pluvial",
        3,
    ),
    ("emergency", "Sapeurs-pompiers", "SDIS de l'Allier", "18", "112", "", 1),
    ("emergency", "SAMU", "", "15", "112", "", 2),
    (
        "authority",
        "Inspection des installations classées",
        "DREAL, unité départementale",
        "04 70 00 20 01",
        "",
        "Informer de tout accident ou incident (numéro fictif)",
        1,
    ),
    ("authority", "Mairie de Montluçon", "", "04 70 00 20 02", "", "Numéro fictif", 2),
    (
        "other",
        "Collecteur de déchets dangereux (pompage)",
        "Prestataire agréé",
        "04 70 00 30 01",
        "",
        "Intervention sous 4 h (numéro fictif)",
        1,
    ),
]

RESOURCES = [
    ("extinguisher", "Extincteurs eau + additif 6 l et CO₂ 5 kg", "Tous les bâtiments", 48),
    ("fire_hose", "Robinets d'incendie armés", "Atelier d'usinage et traitement de surface", 6),
    ("detection", "Détection incendie et alarme type 1", "Tous les bâtiments", 1),
    (
        "retention",
        "Rétentions des cuves de traitement et du stockage des fûts",
        "Ligne de traitement, aire de stockage",
        5,
    ),
    ("spill_kit", "Kits antipollution 240 l", "Quai de dépotage, ligne, atelier d'usinage", 4),
    ("shutoff", "Coupure générale gaz extérieure", "Façade de la chaufferie", 1),
    ("first_aid", "Douches de sécurité et lave-œil", "Ligne de traitement de surface", 2),
]

PROCEDURES = [
    (
        "paint_fire",
        "Incendie de la cabine de peinture",
        "\n".join(
            (
                "Déclencher l'alarme et appeler le 18",
                "Arrêter la pulvérisation et la ventilation",
                "Attaquer au CO₂ si le feu est naissant, sans se mettre en danger",
                "Évacuer vers le point de rassemblement",
                "Accueillir les secours et fermer la vanne du pluvial (eaux d'extinction)",
            )
        ),
    ),
    (
        "river_spill",
        "Déversement vers le réseau pluvial",
        "\n".join(
            (
                "Arrêter le dépotage ou l'écoulement",
                "Obturer le regard pluvial avec le kit antipollution",
                "Contenir et absorber le produit",
                "Prévenir le responsable QSSE, qui informe l'inspection des installations classées",
                "Faire pomper le produit par le collecteur agréé",
            )
        ),
    ),
    (
        "boiler_gas",
        "Fuite de gaz à la chaufferie",
        "\n".join(
            (
                "Ne pas actionner d'appareil électrique",
                "Couper le gaz à la vanne extérieure",
                "Évacuer la chaufferie et les locaux voisins",
                "Appeler le 18 et le distributeur de gaz",
                "Interdire l'accès jusqu'à la levée de doute",
            )
        ),
    ),
    (
        "toxic_mix",
        "Dégagement de chlore à la ligne de traitement",
        "\n".join(
            (
                "Évacuer la ligne en se protégeant avec les masques de fuite",
                "Déclencher l'alarme et appeler le 18",
                "Arrêter la ventilation générale du bâtiment",
                "Porter secours aux personnes incommodées à l'air libre",
            )
        ),
    ),
]

# (month, day, procedure key, participants, duration, findings, action (title, owner, days after) or None)
DRILLS = [
    (
        3,
        12,
        "paint_fire",
        88,
        11,
        "Évacuation en 11 minutes ; l'issue nord de l'atelier d'usinage était encombrée par des palettes.",
        ("Matérialiser au sol l'issue nord et interdire le stockage", "lead_machining", 30),
    ),
    (
        9,
        24,
        "river_spill",
        14,
        35,
        "Kit antipollution mis en place en 6 minutes ; le regard pluvial était difficile à localiser.",
        ("Repérer les regards pluviaux en peinture jaune et les reporter au plan", "maintenance", 45),
    ),
]
DRILLS_THIS_YEAR = [
    (3, 19, "boiler_gas", 90, 9, "Coupure gaz réalisée en 2 minutes ; bonne évacuation.", None),
    (
        9,
        17,
        "toxic_mix",
        16,
        20,
        "Les masques de fuite n'étaient pas tous accessibles à la ligne.",
        ("Installer une armoire de masques de fuite à chaque extrémité de la ligne", "surface", 30),
    ),
]


def seed_industrialrisks(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """MBP's industrial risk control plan at Montluçon: phenomena rated, measures, planned ones as
    actions, emergency plan with drills twice a year over two years."""
    from qsse.context import services as context_services
    from qsse.industrialrisks import services

    context_services.matrix_ensure_default(usage="industrial")
    people = org.people
    manager = people["qsse_manager"]
    site = org.sites["MTL"]
    phenomena = {}
    actions = 0
    for key, installation, kind, title, scenario, consequences, p, g, rp, rg, measures in PHENOMENA:
        phenomenon = services.phenomenon_create(
            user=user,
            site=site,
            title=title,
            installation=installation,
            kind=kind,
            scenario=scenario,
            consequences=consequences,
            probability=p,
            gravity=g,
            residual_probability=rp,
            residual_gravity=rg,
            owner=manager,
        )
        phenomena[key] = phenomenon
        for description, role, status, action in measures:
            measure = services.measure_create(
                user=user, phenomenon=phenomenon, description=description, role=role, status=status
            )
            if action is not None:
                owner_key, days = action
                services.measure_to_action(
                    user=user,
                    measure=measure,
                    owner=people.get(owner_key, manager),
                    due_on=today + timedelta(days=days),
                )
                actions += 1
    plan = services.plan_create(
        user=user,
        site=site,
        title="Plan d'urgence – site de Montluçon",
        revision="3",
        revised_on=date(today.year, 1, 20),
        owner=manager,
        alert_procedure=(
            "Toute personne témoin déclenche le boîtier d'alarme le plus proche et prévient le chef "
            "d'intervention (responsable QSSE). Le chef d'intervention appelle le 18, puis la direction, "
            "puis l'inspection des installations classées en cas de rejet hors du site."
        ),
        assembly_point="Parking visiteurs, côté avenue (hors des vents dominants de la chaufferie)",
        drill_interval_months=6,
        notes="Plan transmis au SDIS de l'Allier lors de la visite de reconnaissance.",
    )
    for category, name, organisation, phone, alternate, notes, order in CONTACTS:
        services.contact_create(
            user=user,
            plan=plan,
            category=category,
            name=name,
            organisation=organisation,
            phone=phone,
            alternate_phone=alternate,
            notes=notes,
            order=order,
        )
    for kind, description, location, quantity in RESOURCES:
        services.resource_create(
            user=user, plan=plan, kind=kind, description=description, location=location, quantity=quantity
        )
    procedures = {}
    for order, (key, scenario, steps) in enumerate(PROCEDURES, start=1):
        procedures[key] = services.procedure_create(
            user=user, plan=plan, phenomenon=phenomena[key], scenario=scenario, steps=steps, order=order
        )
    drills = 0
    for year, rows in ((today.year - 1, DRILLS), (today.year, DRILLS_THIS_YEAR)):
        for month, day, key, participants, duration, findings, action in rows:
            held_on = date(year, month, day)
            if held_on > today:
                continue
            drill = services.drill_record(
                user=user,
                plan=plan,
                held_on=held_on,
                procedure=procedures[key],
                participants=participants,
                external_services="SDIS de l'Allier" if key == "paint_fire" else "",
                duration_minutes=duration,
                findings=findings,
            )
            drills += 1
            if action is not None:
                title, owner_key, days = action
                services.drill_to_action(
                    user=user,
                    drill=drill,
                    title=title,
                    owner=people.get(owner_key, manager),
                    due_on=held_on + timedelta(days=days),
                )
                actions += 1
    return {
        "dangerous_phenomena": len(phenomena),
        "emergency_drills": drills,
        "industrial_risk_actions": actions,
    }

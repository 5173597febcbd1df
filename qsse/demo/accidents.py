"""Demo data of the accident register: two years of MBP accidents, incidents and near misses (cuts
in the machining workshop, a forklift collision in the warehouse, a solvent splash on the surface
treatment line, a fall in the Moulins canteen…), the trees of causes of the main ones with their
actions, and the hours worked of each site for each month (Montluçon 95 people, Moulins 30).

The last accident with lost time is 47 days before the demo's today: the workshop counter shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

# Hours worked per person and month (1,607 h a year / 12 ≈ 134), fewer in August and December.
MONTH_FACTOR = {8: Decimal("0.55"), 12: Decimal("0.85")}
HOURS_PER_PERSON = Decimal(134)
HEADCOUNT = {"MTL": 95, "MOU": 30}


@dataclass(frozen=True)
class Fact:
    key: str
    text: str
    kind: str  # habitual | unusual
    component: str
    effects: tuple[str, ...]  # keys of the facts it causes ("root" for the injury)
    action: str = ""  # "corrective" / "preventive": an action opened from this cause


@dataclass(frozen=True)
class Story:
    days_ago: int
    hour: int
    kind: str
    site: str
    work_unit: str
    place: str
    title: str
    description: str
    victim: str = ""
    days_lost: int = 0
    lesion_nature: str = ""
    lesion_seat: str = ""
    lesion_details: str = ""
    first_aid: str = ""
    witnesses: str = ""
    immediate_measures: str = ""
    status: str = "closed"
    facts: tuple[Fact, ...] = field(default_factory=tuple)


STORIES: tuple[Story, ...] = (
    Story(
        700,
        10,
        "lost_time",
        "MTL",
        "machining",
        "Atelier d'usinage, poste d'ébavurage 2",
        "Coupure à la main lors de l'ébavurage",
        "L'opérateur ébavurait à la main une bride en acier ; la lame a ripé sur l'arête et a entaillé "
        "la paume.",
        victim="op_deburr",
        days_lost=6,
        lesion_nature="cut",
        lesion_seat="hand",
        lesion_details="Plaie de la paume droite, 5 points de suture.",
        first_aid="Pansement compressif par le sauveteur secouriste du travail, transport aux urgences.",
        witnesses="Chef d'équipe usinage",
        immediate_measures="Poste arrêté, gants anti-coupure niveau D distribués à l'équipe.",
        facts=(
            Fact("blade", "La lame de l'ébavureur ripe sur l'arête", "unusual", "MT", ("root",)),
            Fact("hand", "La main gauche tient la pièce dans l'axe de la lame", "habitual", "T", ("root",)),
            Fact(
                "gloves",
                "L'opérateur ne porte pas de gants anti-coupure",
                "unusual",
                "I",
                ("hand",),
                "preventive",
            ),
            Fact(
                "stock",
                "Les gants de sa taille manquent au magasin",
                "unusual",
                "MI",
                ("gloves",),
                "corrective",
            ),
            Fact(
                "vise",
                "Aucun étau de maintien au poste d'ébavurage",
                "habitual",
                "MT",
                ("hand", "blade"),
                "corrective",
            ),
        ),
    ),
    Story(
        640,
        15,
        "near_miss",
        "MOU",
        "assembly",
        "Quai d'expédition de Moulins",
        "Chariot frôlant un piéton au quai",
        "Un chariot en marche arrière a frôlé un cariste à pied au quai.",
        facts=(
            Fact("reverse", "Le chariot recule sans visibilité arrière", "unusual", "MT", ("root",)),
            Fact(
                "walkway", "Pas d'allée piétonne marquée au quai", "habitual", "MI", ("root",), "corrective"
            ),
        ),
    ),
    Story(
        590,
        9,
        "no_lost_time",
        "MTL",
        "machining",
        "Tour CN 3",
        "Copeau dans l'œil",
        "Un copeau projeté lors du soufflage de la pièce à l'air comprimé.",
        victim="op_cnc_2",
        lesion_nature="foreign_body",
        lesion_seat="eyes",
        lesion_details="Corps étranger cornéen retiré à l'infirmerie.",
        first_aid="Lavage oculaire.",
    ),
    Story(
        540,
        14,
        "lost_time",
        "MTL",
        "warehouse",
        "Entrepôt, allée des barres",
        "Collision entre un chariot élévateur et un piéton",
        "Le chariot sortant de l'allée des barres a heurté le pied d'un magasinier qui traversait.",
        victim="lead_logistics",
        days_lost=21,
        lesion_nature="fracture",
        lesion_seat="foot",
        lesion_details="Fracture du 5e métatarsien gauche.",
        first_aid="Immobilisation, appel du 15.",
        witnesses="Cariste, opérateur de réception",
        immediate_measures="Circulation des chariots suspendue dans l'allée ; balisage provisoire.",
        facts=(
            Fact("cross", "Le magasinier traverse l'allée à pied", "habitual", "T", ("root",)),
            Fact("exit", "Le chariot sort de l'allée à vitesse normale", "habitual", "MT", ("root",)),
            Fact(
                "load", "La charge haute masque la vue du cariste", "unusual", "MT", ("exit",), "corrective"
            ),
            Fact(
                "rack",
                "Le rayonnage en bout d'allée masque le croisement",
                "habitual",
                "MI",
                ("cross", "exit"),
            ),
            Fact(
                "plan",
                "Pas de plan de circulation piétons / chariots",
                "habitual",
                "MI",
                ("cross",),
                "preventive",
            ),
            Fact("urgent", "Réception urgente de barres en fin de poste", "unusual", "T", ("load",)),
        ),
    ),
    Story(
        480,
        11,
        "incident",
        "MTL",
        "maintenance",
        "Station d'air comprimé",
        "Éclatement d'un flexible d'air comprimé",
        "Un flexible a éclaté ; personne à proximité.",
    ),
    Story(
        430,
        8,
        "lost_time",
        "MTL",
        "surface",
        "Ligne de traitement de surface, bac de dégraissage",
        "Projection de solvant au visage",
        "Lors du remplissage manuel du bac de dégraissage, du solvant a giclé au visage de l'opérateur.",
        victim="op_surface",
        days_lost=3,
        lesion_nature="chemical",
        lesion_seat="eyes",
        lesion_details="Conjonctivite chimique, arrêt de 3 jours.",
        first_aid="Rinçage 15 minutes à la douche oculaire.",
        immediate_measures="Remplissage manuel interdit ; pompe de transfert louée.",
        facts=(
            Fact("pour", "Le bidon est versé à la main au-dessus du bac", "habitual", "T", ("root",)),
            Fact("splash", "Le solvant rebondit sur la grille du bac", "unusual", "MT", ("root",)),
            Fact(
                "visor",
                "L'opérateur porte des lunettes sans écran facial",
                "unusual",
                "I",
                ("root",),
                "corrective",
            ),
            Fact(
                "pump",
                "La pompe de transfert est en panne depuis 2 semaines",
                "unusual",
                "MT",
                ("pour",),
                "corrective",
            ),
        ),
    ),
    Story(
        380,
        16,
        "commuting",
        "MOU",
        "",
        "Route D2009 entre Montluçon et Moulins",
        "Accident de trajet sur verglas",
        "Sortie de route sur verglas en rejoignant le site.",
        victim="op_shipping",
        days_lost=8,
        lesion_nature="contusion",
        lesion_seat="trunk",
    ),
    Story(
        330,
        10,
        "no_lost_time",
        "MTL",
        "paint",
        "Étuve de séchage",
        "Brûlure légère à l'avant-bras",
        "Contact avec la porte de l'étuve en sortant un cadre.",
        victim="op_paint",
        lesion_nature="burn",
        lesion_seat="arm",
        first_aid="Refroidissement à l'eau.",
    ),
    Story(
        270,
        13,
        "near_miss",
        "MTL",
        "surface",
        "Stockage des produits chimiques",
        "Fuite d'un fût de solvant",
        "Un fût percé a fui dans le stockage ; la rétention a tout recueilli.",
        facts=(
            Fact("drum", "Le fût est percé par une fourche", "unusual", "MT", ("root",)),
            Fact(
                "handling",
                "Les fûts sont manipulés au chariot sans pince à fûts",
                "habitual",
                "T",
                ("drum",),
                "preventive",
            ),
        ),
    ),
    Story(
        200,
        9,
        "lost_time",
        "MOU",
        "assembly",
        "Poste d'assemblage 3, Moulins",
        "Doigt pincé dans une presse d'assemblage",
        "Le majeur a été pincé entre le coulisseau et la pièce.",
        victim="lead_assembly",
        days_lost=4,
        lesion_nature="contusion",
        lesion_seat="fingers",
        first_aid="Glace, consultation médicale.",
        facts=(
            Fact("press", "La commande bimanuelle est shuntée", "unusual", "MT", ("root",), "corrective"),
            Fact("adjust", "L'opérateur ajuste la pièce pendant la descente", "unusual", "T", ("root",)),
        ),
    ),
    Story(
        150,
        12,
        "lost_time",
        "MTL",
        "warehouse",
        "Entrepôt, zone de réception",
        "Lumbago en manutentionnant une barre",
        "Douleur lombaire en soulevant une barre de 28 kg seul.",
        victim="op_forklift",
        days_lost=12,
        lesion_nature="back_pain",
        lesion_seat="back",
    ),
    Story(
        110,
        11,
        "no_lost_time",
        "MTL",
        "machining",
        "Fraiseuse 5 axes",
        "Coupure au doigt en changeant un outil",
        "Coupure légère à l'index en changeant une fraise.",
        victim="op_cnc_1",
        lesion_nature="cut",
        lesion_seat="fingers",
        first_aid="Pansement.",
    ),
    Story(
        80,
        7,
        "near_miss",
        "MOU",
        "canteen",
        "Cuisine du restaurant d'entreprise",
        "Sol glissant en cuisine",
        "Un cuisinier a glissé sans tomber sur une flaque d'huile.",
    ),
    Story(
        47,
        15,
        "lost_time",
        "MOU",
        "canteen",
        "Cuisine du restaurant d'entreprise",
        "Chute de plain-pied en cuisine",
        "Chute sur le sol mouillé après le lavage, entorse de la cheville.",
        victim="reader_moulins",
        days_lost=9,
        lesion_nature="sprain",
        lesion_seat="foot",
        status="analysing",
        facts=(
            Fact("wet", "Le sol est lavé pendant le service", "unusual", "T", ("root",)),
            Fact(
                "shoes", "Les chaussures ne sont pas antidérapantes", "habitual", "I", ("root",), "preventive"
            ),
        ),
    ),
    Story(
        12,
        10,
        "near_miss",
        "MTL",
        "warehouse",
        "Entrepôt, croisement allée B",
        "Chariot et piéton au croisement de l'allée B",
        "Arrêt d'urgence du chariot devant un piéton distrait.",
        status="reported",
    ),
)


def _hours(site_code: str, month: date) -> tuple[Decimal, Decimal]:
    headcount = Decimal(HEADCOUNT[site_code] + (1 if month.month in (6, 7) else 0))
    hours = (headcount * HOURS_PER_PERSON * MONTH_FACTOR.get(month.month, Decimal(1))).quantize(Decimal(1))
    return hours, headcount


def seed_accidents(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the accident register of the demo organisation; returns counts by kind."""
    from qsse.accidents import calculations, services
    from qsse.accidents.models import CauseNode

    people = org.people
    work_units = getattr(org, "work_units", {}) or {}
    owner = people.get("qsse_manager")
    # Hours of the 24 months before the current one (the current month is not over).
    first = calculations.add_months(today.replace(day=1), -24)
    months = 0
    for offset in range(24):
        month = calculations.add_months(first, offset)
        for code, site in org.sites.items():
            hours, headcount = _hours(code, month)
            services.hours_set(user=user, site=site, month=month, hours=hours, average_headcount=headcount)
            months += 1
    facts = 0
    for story in STORIES:
        day = today - timedelta(days=story.days_ago)
        victim_fields = {}
        if story.victim and people.get(story.victim):
            victim_fields["victim"] = people[story.victim]
        for name in ("lesion_nature", "lesion_seat", "lesion_details", "first_aid", "witnesses"):
            if getattr(story, name):
                victim_fields[name] = getattr(story, name)
        accident = services.accident_create(
            user=user,
            kind=story.kind,
            occurred_at=timezone.make_aware(datetime.combine(day, time(story.hour))),
            site=org.sites[story.site],
            work_unit=work_units.get(story.work_unit),
            place=story.place,
            title=story.title,
            description=story.description,
            days_lost=story.days_lost,
            declared_on=day + timedelta(days=1) if story.kind in ("lost_time", "commuting") else None,
            immediate_measures=story.immediate_measures,
            **victim_fields,
        )
        nodes = {"root": CauseNode.objects.get(accident=accident, is_root=True)}
        # Facts are listed effects first, so each effect exists before its causes.
        for fact in story.facts:
            node = services.fact_add(
                user=user,
                accident=accident,
                text=fact.text,
                kind=fact.kind,
                component=fact.component,
                effect=nodes[fact.effects[0]],
            )
            for effect in fact.effects[1:]:
                services.link_add(user=user, cause=node, effect=nodes[effect])
            nodes[fact.key] = node
            facts += 1
            if fact.action and owner is not None:
                services.fact_create_action(user=user, node=node, owner=owner, type=fact.action)
        services.accident_update(user=user, accident=accident, status=story.status)
    return {"accidents": len(STORIES), "accident_facts": facts, "hours_months": months}


# Accidents whose analysis fed the DUER: (accident title, work unit, hazard sub-danger or family,
# what the analysis taught, whether the hazard still waits for its re-evaluation). The older ones
# were taken into account in last year's version; the two recent ones wait for the next update.
DUER_FEEDBACK: tuple[tuple[str, str, str, str, bool], ...] = (
    (
        "Coupure à la main lors de l'ébavurage",
        "machining",
        "Coupure, happement",
        "Gants anti-coupure absents du poste d'ébavurage : dotation au poste et contrôle au démarrage.",
        False,
    ),
    (
        "Collision entre un chariot élévateur et un piéton",
        "warehouse",
        "Chariots élévateurs",
        "Pas de séparation des flux piétons / chariots dans l'allée des barres.",
        False,
    ),
    (
        "Projection de solvant au visage",
        "surface",
        "Projections",
        "Visière non portée au bac de dégraissage : écran fixe à installer.",
        False,
    ),
    (
        "Chute de plain-pied en cuisine",
        "canteen",
        "Glissades",
        "Sol gras après la plonge, chaussures non antidérapantes : la cotation de la glissade est à revoir.",
        True,
    ),
    (
        "Chariot et piéton au croisement de l'allée B",
        "warehouse",
        "Chariots élévateurs",
        "Deuxième presqu'accident au croisement de l'allée B malgré le plan de circulation.",
        True,
    ),
)


def link_accidents_to_duer(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Link the analysed accidents to the DUER hazards they bear on (seeded after both)."""
    from qsse.accidents import selectors as accident_selectors
    from qsse.duer import selectors as duer_selectors
    from qsse.duer import services as duer_services

    work_units = getattr(org, "work_units", {}) or {}
    accidents = {accident.title: accident for accident in accident_selectors.accident_list(user)}
    links = 0
    for title, unit_key, hazard_name, note, waits in DUER_FEEDBACK:
        accident = accidents.get(title)
        unit = work_units.get(unit_key)
        if accident is None or unit is None:
            continue
        hazards = duer_selectors.hazards_for_feedback(user, site=unit.site, work_unit=unit)
        hazard = next((h for h in hazards if hazard_name in (h.sub_danger, h.family.name)), None)
        if hazard is None:
            continue
        duer_services.hazard_feedback_add(
            user=user,
            hazard=hazard,
            source=accident,
            source_on=timezone.localtime(accident.occurred_at).date(),
            note=note,
            flag_review=waits,
        )
        links += 1
    return {"duer_feedback": links}

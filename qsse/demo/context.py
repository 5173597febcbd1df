# ruff: noqa: E501  (data: long French sentences read better unwrapped)
"""Demo data of the context module: the story of MBP (see docs of the demo organisation).

MBP approved its SWOT 2025 at the start of 2025; the 2026 update (version 2) is a draft that
Claire Morel is reworking for the management review. The register holds about twenty-five risks and
opportunities scored on the 4 × 4 "Probabilité × Gravité" matrix; the significant ones (Élevé and
Critique) have their treatment actions in the action plan.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from qsse.context import services
from qsse.context.models import ContextAnalysis

MATRIX_LEVELS = [
    {"name": "Faible", "min_score": 1, "colour": "#2e7d32", "is_significant": False},
    {"name": "Modéré", "min_score": 4, "colour": "#ffc107", "is_significant": False},
    {"name": "Élevé", "min_score": 8, "colour": "#fd7e14", "is_significant": True},
    {"name": "Critique", "min_score": 12, "colour": "#c62828", "is_significant": True},
]

SWOT_2025 = {
    "strength": [
        ("Savoir-faire reconnu en usinage de précision (tolérances ± 5 µm)", 3),
        ("Intégration usinage + traitement de surface sur un même site", 3),
        ("Certification ISO 9001 depuis 2012, système QSSE intégré", 2),
        ("Équipe stable et expérimentée, faible turnover", 2),
    ],
    "weakness": [
        ("Dépendance à deux clients automobiles (58 % du chiffre d'affaires)", 3),
        ("Parc de tours CNC vieillissant (âge moyen 14 ans)", 2),
        ("Consommation énergétique élevée de la ligne d'anodisation", 2),
        ("Peu de compétences en programmation FAO 5 axes", 1),
    ],
    "opportunity": [
        ("Relocalisation de sous-traitance aéronautique en France", 3),
        ("Certification IATF 16949 demandée par les équipementiers", 2),
        ("Aides régionales à la décarbonation de l'industrie", 2),
    ],
    "threat": [
        ("Hausse durable du prix de l'électricité et du gaz", 3),
        ("Électrification automobile : baisse des pièces moteur", 3),
        ("Durcissement de la réglementation sur les solvants et le chrome (REACH)", 2),
        ("Concurrence des pays à bas coûts sur les séries", 2),
    ],
}

SWOT_2026_CHANGES = {
    "strength": [("Nouveau centre d'usinage 5 axes opérationnel depuis mars 2026", 2)],
    "threat": [("Départ en retraite de deux régleurs expérimentés d'ici 2027", 2)],
}

PESTEL_2026 = {
    "political": [("Plan France 2030 : soutien à l'industrie et à la relocalisation", 2)],
    "economic": [
        ("Prix de l'énergie volatils, contrat d'électricité à renouveler en 2027", 3),
        ("Ralentissement du marché automobile européen", 3),
    ],
    "social": [("Tensions sur le recrutement de techniciens d'usinage dans l'Allier", 3)],
    "technological": [("Généralisation de la mesure tridimensionnelle en ligne", 2)],
    "environmental": [
        ("Attentes des clients sur l'empreinte carbone des pièces (scope 3)", 2),
        ("Sécheresses estivales : restrictions d'eau pour les rinçages", 2),
    ],
    "legal": [
        ("Restriction REACH du chrome hexavalent, révision des autorisations", 3),
        ("Arrêté ICPE traitement de surface (rubrique 2565) : contrôles DREAL renforcés", 2),
    ],
}

# (name, category, needs, expectations, influence, interest, process codes, how monitored, site code)
PARTIES = [
    (
        "Auto-Systèmes (équipementier automobile)",
        "customers",
        "Pièces conformes livrées à l'heure",
        "PPM < 50, taux de service > 98 %, démarche IATF",
        4,
        4,
        ["REA-01", "REA-07", "REA-08"],
        "Revues trimestrielles, portail fournisseur, scorecard mensuelle",
        None,
    ),
    (
        "Aéro-Composants Sud (aéronautique)",
        "customers",
        "Traçabilité complète, premiers articles",
        "Conformité EN 9100 de la chaîne, délais fermes",
        3,
        4,
        ["REA-01", "REA-02"],
        "Audits client annuels, revue de contrat",
        None,
    ),
    (
        "Salariés de Montluçon",
        "employees",
        "Sécurité, conditions de travail, emploi",
        "Formation, reconnaissance, horaires stables",
        3,
        4,
        ["SUP-01", "SUP-05"],
        "Entretiens annuels, enquête climat social, remontées des chefs d'équipe",
        "MTL",
    ),
    (
        "Salariés de Moulins",
        "employees",
        "Sécurité, emploi sur le site",
        "Visibilité sur l'avenir du site d'assemblage",
        2,
        4,
        ["SUP-01"],
        "Réunions d'équipe mensuelles",
        "MOU",
    ),
    (
        "CSE de MBP",
        "unions",
        "Information et consultation",
        "Suivi des risques professionnels, DUER à jour",
        3,
        4,
        ["SUP-05", "SUP-01"],
        "Réunions CSE mensuelles, CSSCT trimestrielle",
        None,
    ),
    (
        "Actionnaires (holding familiale)",
        "shareholders",
        "Rentabilité, pérennité",
        "Croissance hors automobile, maîtrise des coûts énergétiques",
        4,
        3,
        ["MAN-01"],
        "Conseil d'administration semestriel",
        None,
    ),
    (
        "DREAL Auvergne-Rhône-Alpes",
        "authorities",
        "Respect de l'arrêté préfectoral ICPE",
        "Rejets conformes, déclarations annuelles (GEREP)",
        4,
        2,
        ["SUP-05", "REA-06"],
        "Inspections, autosurveillance des rejets, veille réglementaire",
        "MTL",
    ),
    (
        "Inspection du travail et CARSAT",
        "authorities",
        "Prévention des risques professionnels",
        "DUER, prévention du risque chimique",
        3,
        2,
        ["SUP-05"],
        "Visites, déclarations d'accidents",
        None,
    ),
    (
        "Riverains de la zone des Forges",
        "community",
        "Absence de nuisances",
        "Bruit et odeurs maîtrisés, pas de pollution de la rivière",
        2,
        3,
        ["SUP-05", "REA-06"],
        "Registre des plaintes, réunion annuelle avec la mairie",
        "MTL",
    ),
    (
        "Assureur dommages et RC (Mutuelle Industrielle)",
        "insurers",
        "Maîtrise du risque incendie",
        "Prévention incendie, sprinklage du stockage",
        3,
        2,
        ["SUP-02", "SUP-05"],
        "Visite de risque annuelle",
        None,
    ),
    (
        "Fournisseurs de barres et de produits chimiques",
        "suppliers",
        "Commandes régulières, paiement à l'échéance",
        "Prévisions à 3 mois",
        2,
        3,
        ["REA-03"],
        "Évaluation annuelle des fournisseurs",
        None,
    ),
    (
        "Sous-traitant traitement thermique (Thermi-Allier)",
        "suppliers",
        "Volumes prévisibles",
        "Cahier des charges clair",
        2,
        2,
        ["REA-03", "REA-05"],
        "Audit fournisseur tous les deux ans",
        None,
    ),
    (
        "Banque et partenaires financiers",
        "other",
        "Solvabilité",
        "Plan d'investissement crédible",
        3,
        1,
        ["SUP-06"],
        "Rencontre annuelle",
        None,
    ),
]

# (kind, title, process, site, owner key, probability, impact, strategy, status, source, description, causes, consequences)
REGISTER = [
    (
        "risk",
        "Perte d'un client automobile majeur",
        "REA-01",
        None,
        "sales",
        3,
        4,
        "reduce",
        "planned",
        ("swot", "Dépendance à deux clients"),
        "Auto-Systèmes représente 34 % du CA ; son programme moteur thermique s'arrête en 2027.",
        "Électrification, mise en concurrence à chaque renouvellement",
        "Baisse d'activité, chômage partiel, sous-charge de l'usinage",
    ),
    (
        "risk",
        "Dérive du bain d'anodisation (concentration, température)",
        "REA-06",
        "MTL",
        "surface",
        3,
        3,
        "reduce",
        "planned",
        None,
        "Deux dérives détectées en 2025 par les contrôles d'épaisseur.",
        "Analyses du bain hebdomadaires seulement, régulation de température ancienne",
        "Pièces non conformes, réclamations, rebuts",
    ),
    (
        "risk",
        "Évolution de la réglementation sur les solvants et le chrome",
        "SUP-05",
        "MTL",
        "qsse_manager",
        3,
        4,
        "avoid",
        "planned",
        ("swot", "Durcissement de la réglementation"),
        "Révision des autorisations REACH du chrome hexavalent.",
        "Réglementation européenne",
        "Arrêt de la ligne de chromatation, investissements lourds",
    ),
    (
        "risk",
        "Hausse du prix de l'énergie",
        "SUP-06",
        None,
        "finance",
        4,
        3,
        "reduce",
        "planned",
        ("swot", "Hausse durable du prix"),
        "Contrat d'électricité à renouveler en 2027.",
        "Marchés de l'énergie",
        "Marge réduite de 3 à 5 points",
    ),
    (
        "risk",
        "Panne du four de polymérisation peinture",
        "SUP-02",
        "MTL",
        "maintenance",
        2,
        3,
        "reduce",
        "identified",
        None,
        "Four de 2004, brûleur changé en 2021.",
        "Vieillissement, pièces détachées difficiles à trouver",
        "Arrêt de la ligne peinture, retards de livraison",
    ),
    (
        "risk",
        "Départ de régleurs expérimentés",
        "SUP-01",
        "MTL",
        "hr",
        3,
        3,
        "reduce",
        "planned",
        ("swot", "Départ en retraite"),
        "Deux départs en retraite prévus d'ici 2027.",
        "Pyramide des âges",
        "Perte de savoir-faire, allongement des réglages",
    ),
    (
        "risk",
        "Difficultés de recrutement de techniciens d'usinage",
        "SUP-01",
        None,
        "hr",
        3,
        2,
        "reduce",
        "identified",
        None,
        "",
        "Bassin d'emploi tendu",
        "Heures supplémentaires, retards",
    ),
    (
        "risk",
        "Pollution accidentelle de la rivière par les rejets de rinçage",
        "SUP-05",
        "MTL",
        "qsse_manager",
        1,
        4,
        "reduce",
        "treated",
        ("party", "DREAL"),
        "Station de détoxication mise à niveau en 2024.",
        "Défaillance de la station, erreur de manipulation",
        "Pollution, sanction administrative, atteinte à l'image",
    ),
    (
        "risk",
        "Incendie du stockage de produits chimiques",
        "SUP-05",
        "MTL",
        "maintenance",
        1,
        4,
        "transfer",
        "treated",
        ("party", "Assureur"),
        "Local séparé, détection incendie.",
        "Incompatibilité de produits, court-circuit",
        "Destruction d'une partie de l'atelier",
    ),
    (
        "risk",
        "Non-conformité dimensionnelle non détectée avant livraison",
        "REA-07",
        "MOU",
        "moulins_manager",
        2,
        4,
        "reduce",
        "planned",
        None,
        "Contrôle final par prélèvement à Moulins.",
        "Plan de contrôle incomplet, moyens de mesure saturés",
        "Réclamation client, tri chez le client",
    ),
    (
        "risk",
        "Dérive des moyens de mesure (étalonnage dépassé)",
        "SUP-03",
        None,
        "metrology",
        2,
        2,
        "reduce",
        "treated",
        None,
        "",
        "Suivi du planning d'étalonnage manuel",
        "Acceptation de pièces non conformes",
    ),
    (
        "risk",
        "Défaillance d'un fournisseur de barres aluminium",
        "REA-03",
        None,
        "purchasing",
        2,
        3,
        "reduce",
        "identified",
        ("party", "Fournisseurs de barres"),
        "Fournisseur unique pour l'alliage 6082.",
        "Difficultés financières du fournisseur",
        "Rupture d'approvisionnement",
    ),
    (
        "risk",
        "Cyberattaque paralysant la GPAO",
        "SUP-04",
        None,
        "it_manager",
        2,
        4,
        "reduce",
        "planned",
        None,
        "Sauvegardes quotidiennes, pas de plan de reprise testé.",
        "Hameçonnage, postes non mis à jour",
        "Arrêt de la production plusieurs jours",
    ),
    (
        "risk",
        "Erreur de planification sur les commandes urgentes",
        "REA-04",
        "MTL",
        "planning",
        2,
        2,
        "accept",
        "identified",
        None,
        "",
        "Modifications de dernière minute",
        "Retards ponctuels",
    ),
    (
        "risk",
        "Troubles musculosquelettiques à l'assemblage",
        "SUP-05",
        "MOU",
        "moulins_manager",
        3,
        2,
        "reduce",
        "planned",
        ("party", "CSE"),
        "Postes d'assemblage manuels répétitifs.",
        "Gestes répétitifs, postes non réglables",
        "Arrêts de travail, inaptitudes",
    ),
    (
        "risk",
        "Restrictions d'eau en période de sécheresse",
        "REA-06",
        "MTL",
        "surface",
        2,
        2,
        "reduce",
        "identified",
        ("pestel", "Sécheresses estivales"),
        "",
        "Arrêtés sécheresse",
        "Réduction des rinçages, risque qualité",
    ),
    (
        "risk",
        "Plainte des riverains pour bruit de la ventilation",
        "SUP-05",
        "MTL",
        "maintenance",
        1,
        2,
        "accept",
        "closed",
        ("party", "Riverains"),
        "Silencieux installés en 2025.",
        "",
        "Relations dégradées avec le voisinage",
    ),
    (
        "opportunity",
        "Certification IATF 16949",
        "MAN-02",
        None,
        "qsse_manager",
        3,
        4,
        "exploit",
        "planned",
        ("swot", "Certification IATF"),
        "Exigée par deux équipementiers pour les appels d'offres 2027.",
        "",
        "Accès à de nouveaux programmes automobiles",
    ),
    (
        "opportunity",
        "Diversification vers l'aéronautique",
        "REA-01",
        None,
        "sales",
        3,
        3,
        "exploit",
        "planned",
        ("swot", "Relocalisation de sous-traitance"),
        "Premiers articles en cours avec Aéro-Composants Sud.",
        "",
        "Réduction de la dépendance automobile",
    ),
    (
        "opportunity",
        "Récupération de chaleur sur les bains et le four",
        "SUP-02",
        "MTL",
        "maintenance",
        2,
        4,
        "enhance",
        "planned",
        ("swot", "Aides régionales"),
        "Étude de faisabilité avec subvention régionale.",
        "",
        "Baisse de 12 % de la facture de gaz",
    ),
    (
        "opportunity",
        "Panneaux photovoltaïques sur le toit du site de Moulins",
        "SUP-06",
        "MOU",
        "finance",
        2,
        2,
        "enhance",
        "identified",
        None,
        "",
        "",
        "Autoconsommation d'environ 15 % de l'électricité du site",
    ),
    (
        "opportunity",
        "Mesure tridimensionnelle en ligne sur les centres d'usinage",
        "REA-05",
        "MTL",
        "machining",
        3,
        2,
        "enhance",
        "identified",
        ("pestel", "mesure tridimensionnelle"),
        "",
        "",
        "Moins de contrôles en fin de série",
    ),
    (
        "opportunity",
        "Partenariat avec le lycée professionnel de Montluçon (apprentis)",
        "SUP-01",
        "MTL",
        "hr",
        4,
        2,
        "exploit",
        "planned",
        None,
        "",
        "",
        "Vivier de recrutement",
    ),
    (
        "opportunity",
        "Mutualiser le transport avec un industriel voisin",
        "REA-07",
        "MOU",
        "moulins_manager",
        2,
        1,
        "share",
        "identified",
        None,
        "",
        "",
        "Coûts logistiques réduits",
    ),
    (
        "opportunity",
        "Offre de traitement de surface pour des clients tiers",
        "REA-06",
        "MTL",
        "surface",
        2,
        3,
        "share",
        "identified",
        None,
        "Capacité disponible sur la ligne d'anodisation.",
        "",
        "Meilleure absorption des coûts fixes",
    ),
]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _analysis(
    user: Any,
    kind: str,
    title: str,
    analysed_on: date,
    items: dict[str, list[tuple[str, int]]],
    site: Any = None,
):
    analysis = services.analysis_create(user=user, kind=kind, title=title, analysed_on=analysed_on, site=site)
    for category, entries in items.items():
        for text, importance in entries:
            services.analysis_item_add(
                user=user, analysis=analysis, category=category, text=text, importance=importance
            )
    return analysis


def _approve(user: Any, analysis: ContextAnalysis, on: date) -> ContextAnalysis:
    services.analysis_approve(user=user, analysis=analysis)
    # The demo tells a past approval: its date is that of the story, not of the seeding.
    ContextAnalysis.objects.filter(pk=analysis.pk).update(approved_at=_moment(on))
    analysis.refresh_from_db()
    return analysis


def seed_context(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the context records of the demo organisation; returns counts by kind for the summary."""
    people = org.people
    sites = org.sites
    year = today.year
    services.matrix_save(
        user=user,
        name="Probabilité × Gravité",
        rows=4,
        cols=4,
        row_axis_name="Probabilité",
        col_axis_name="Gravité",
        row_labels=["Rare", "Possible", "Probable", "Quasi certain"],
        col_labels=["Mineure", "Significative", "Grave", "Catastrophique"],
        levels=MATRIX_LEVELS,
        is_active=True,
    )

    swot_previous = _analysis(user, "swot", "SWOT de MBP", date(year - 1, 1, 20), SWOT_2025)
    swot_previous.notes = "Analyse réalisée en comité de direction, validée en revue de direction."
    _approve(user, swot_previous, date(year - 1, 2, 3))
    swot_current = services.analysis_new_version(
        user=user, analysis=swot_previous, analysed_on=date(year, 1, 15)
    )
    for category, entries in SWOT_2026_CHANGES.items():
        for text, importance in entries:
            services.analysis_item_add(
                user=user, analysis=swot_current, category=category, text=text, importance=importance
            )
    pestel = _analysis(user, "pestel", "PESTEL de MBP", date(year, 1, 22), PESTEL_2026)

    parties = {}
    for name, category, needs, expectations, influence, interest, codes, monitored, site_code in PARTIES:
        parties[name] = services.party_create(
            user=user,
            name=name,
            category=category,
            needs=needs,
            expectations=expectations,
            influence=influence,
            interest=interest,
            processes=[processes[code] for code in codes if code in processes],
            how_monitored=monitored,
            site=sites[site_code] if site_code else None,
            review_on=date(year + 1, 1, 31),
        )

    services.summary_save(
        user=user,
        text=(
            "MBP usine et traite en surface des pièces métalliques pour l'automobile et l'aéronautique.\n\n"
            "Réglementation principale : installation classée (ICPE) soumise à enregistrement pour le traitement de surface "
            "(rubrique 2565) et à déclaration pour l'usinage (rubrique 2560) ; Code du travail (DUER, risque chimique, "
            "CMR) ; REACH pour le chrome et les solvants ; exigences clients IATF 16949 et EN 9100 transmises par les donneurs d'ordre."
        ),
        iso_9001=True,
        iso_14001=True,
        iso_45001=True,
        other_standards="Exigences spécifiques clients automobiles (CSR) ; EN 9100 demandée par Aéro-Composants Sud.",
    )
    services.summary_save(
        user=user,
        site=sites["MTL"],
        text="Site principal : ateliers d'usinage, ligne d'anodisation et de chromatation, peinture. Arrêté préfectoral ICPE de 2019.",
        iso_9001=True,
        iso_14001=True,
        iso_45001=True,
    )
    services.summary_save(
        user=user,
        site=sites["MOU"],
        text="Assemblage, contrôle final et expéditions ; pas d'installation classée soumise à autorisation.",
        iso_9001=True,
        iso_45001=True,
    )

    items = {item.text: item for analysis in (swot_current, pestel) for item in analysis.items.all()}
    actions = 0
    records = 0
    for index, (
        kind,
        title,
        code,
        site_code,
        owner_key,
        probability,
        impact,
        strategy,
        status,
        source,
        description,
        causes,
        consequences,
    ) in enumerate(REGISTER):
        fields: dict[str, Any] = {
            "site": sites[site_code] if site_code else None,
            "owner": people[owner_key],
            "treatment_strategy": strategy,
            "description": description,
            "causes": causes,
            "consequences": consequences,
            "review_on": today + timedelta(days=30 + 15 * (index % 10)),
        }
        if source is not None:
            origin, needle = source
            if origin in ("swot", "pestel"):
                item = next((item for text, item in items.items() if needle.lower() in text.lower()), None)
                if item is not None:
                    fields.update(source="context_item", source_item=item)
            else:
                party = next(
                    (party for name, party in parties.items() if needle.lower() in name.lower()), None
                )
                if party is not None:
                    fields.update(source="interested_party", source_party=party)
        record = services.risk_opportunity_create(
            user=user,
            kind=kind,
            title=title,
            process=processes[code],
            probability=probability,
            impact=impact,
            today=today,
            **fields,
        )
        records += 1
        if record.auto_action is not None:
            actions += 1
        if status in ("treated", "closed"):
            residual = {"residual_probability": 1, "residual_impact": impact}
            record = services.risk_opportunity_update(
                user=user, record=record, status="treated", today=today, **residual
            )
            if status == "closed":
                record = services.risk_opportunity_update(
                    user=user, record=record, status="closed", today=today
                )
    return {
        "context analyses": ContextAnalysis.objects.count(),
        "interested parties": len(parties),
        "risks and opportunities": records,
        "treatment actions": actions,
    }

# ruff: noqa: E501  (data: long French sentences read better unwrapped)
"""Templates of the demo's non-conformities, incidents and complaints (realistic French texts).

A scenario is one kind of problem MBP meets again and again; the generator draws a scenario,
then a part, a lot, a quantity and a date, and fills the QQOQCCP description from the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .company import (
    CUSTOMER_AERONAUTICS,
    CUSTOMERS_AUTOMOTIVE,
    MONTLUCON,
    MOULINS,
    SUPPLIER_HEAT_TREATMENT,
    SUPPLIER_STEEL,
)

AUTO_PARTS = [
    "Corps de vanne VB-220",
    "Axe de pivot AP-45",
    "Bride de fixation BF-12",
    "Support moteur SM-800",
    "Carter aluminium CA-310",
    "Bague d'étanchéité BE-18",
    "Moyeu de roue MR-64",
]
AERO_PARTS = [
    "Ferrure aéronautique FA-77",
    "Entretoise titane ET-05",
    "Raccord hydraulique RH-30",
    "Palier de volet PV-12",
]
ANODISED_PARTS = ["Carter aluminium CA-310", "Ferrure aéronautique FA-77", "Palier de volet PV-12"]
ASSEMBLIES = ["Sous-ensemble vanne VB-220-A", "Module de fixation MF-40", "Kit support moteur KSM-800"]
STEEL_BARS = ["Barres 42CrMo4 Ø40", "Barres 42CrMo4 Ø60", "Barres inox 316L Ø25", "Barres C45 Ø80"]
HEAT_TREATED = [
    "Axe de pivot AP-45 (trempe et revenu)",
    "Moyeu de roue MR-64 (cémentation)",
    "Bague d'étanchéité BE-18 (nitruration)",
]
MACHINES = [
    "tour CNC Mazak QT-250",
    "tour CNC Okuma LB-3000",
    "centre de fraisage DMG 5 axes",
    "centre d'usinage Haas VF-4",
    "tour bi-broche Index G200",
]


@dataclass(frozen=True)
class CorrectiveTemplate:
    title: str
    owner: str  # PersonSpec.key
    efficacy_criterion: str


@dataclass(frozen=True)
class Scenario:
    key: str
    kind: str  # NonconformityKind value
    origin: str  # Origin value
    category: str  # Category value
    process: str  # process code
    site: str
    weight: int
    title: str  # placeholders: {product}, {lot}, {customer}, {supplier}, {machine}
    products: list[str]
    what: str
    where: str
    how: str
    why: str
    containment: str
    detected_by: list[str]
    owner: str
    severity_weights: tuple[int, int, int] = (6, 3, 1)
    dispositions: list[str] = field(default_factory=lambda: [""])
    quantity: tuple[int, int] = (5, 200)
    cost: tuple[int, int] = (150, 2500)
    customers: list[str] = field(default_factory=list)
    supplier: str = ""
    containment_action: str = ""
    whys: list[tuple[str, str]] = field(default_factory=list)
    ishikawa: list[tuple[str, str, bool]] = field(default_factory=list)
    root_cause: str = ""
    correctives: list[CorrectiveTemplate] = field(default_factory=list)


SCENARIOS = [
    # Customer complaints.
    Scenario(
        key="complaint_dimension",
        kind="complaint",
        origin="customer",
        category="product",
        process="REA-08",
        site=MONTLUCON,
        weight=5,
        customers=CUSTOMERS_AUTOMOTIVE,
        title="Cote hors tolérance sur {product} livré à {customer}",
        products=["Corps de vanne VB-220", "Axe de pivot AP-45", "Support moteur SM-800"],
        what="Le client {customer} signale un diamètre d'alésage hors tolérance (mesuré {value} mm pour "
        "une tolérance de ±0,02 mm) sur des pièces {product} du lot {lot}.",
        where="Contrôle de réception du client, ligne d'assemblage ; pièces usinées à Montluçon.",
        how="Contrôle de réception du client par échantillonnage, confirmé par notre MMT sur les pièces retournées.",
        why="Risque de fuite et de montage impossible chez le client ; réclamation comptée dans nos ppm "
        "(exigence IATF 16949).",
        containment="Tri à 100 % du stock Montluçon et Moulins, tri chez le client par une société mandatée, "
        "livraisons suivantes avec contrôle renforcé et étiquette verte.",
        detected_by=["sales"],
        owner="qsse_manager",
        severity_weights=(2, 6, 2),
        dispositions=["rework", "scrap"],
        quantity=(20, 600),
        cost=(1500, 12000),
        containment_action="Trier à 100 % le stock et les pièces en transit, contrôle renforcé sur les "
        "3 prochaines livraisons",
        whys=[
            (
                "Pourquoi l'alésage est-il hors tolérance ?",
                "L'outil d'alésage était usé au-delà de sa durée de vie.",
            ),
            (
                "Pourquoi l'outil usé n'a-t-il pas été changé ?",
                "La durée de vie n'est pas suivie dans le programme.",
            ),
            (
                "Pourquoi la durée de vie n'est-elle pas suivie ?",
                "La gestion de vie outil n'est pas activée sur ce tour.",
            ),
            (
                "Pourquoi n'est-elle pas activée ?",
                "La fonction n'a pas été paramétrée à l'installation de la machine.",
            ),
            (
                "Pourquoi le paramétrage n'a-t-il pas été fait ?",
                "La check-list de mise en service ne le prévoit pas.",
            ),
        ],
        ishikawa=[
            ("machine", "Gestion de vie outil non paramétrée sur le tour", True),
            ("method", "Fréquence d'autocontrôle insuffisante (1 pièce sur 50)", True),
            ("measurement", "Alésomètre de l'atelier peu adapté à la tolérance", False),
            ("manpower", "Opérateur intérimaire sur le poste de nuit", False),
        ],
        root_cause="Gestion de la durée de vie des outils non paramétrée sur le tour CNC",
        correctives=[
            CorrectiveTemplate(
                "Activer et paramétrer la gestion de vie outil sur tous les tours CNC",
                "machining",
                "Aucune cote hors tolérance liée à l'usure d'outil sur 3 mois de production",
            ),
            CorrectiveTemplate(
                "Passer l'autocontrôle de l'alésage à 1 pièce sur 10 et mettre à jour le plan de "
                "surveillance",
                "design",
                "Plan de surveillance révisé et appliqué, vérifié en audit de poste",
            ),
        ],
    ),
    Scenario(
        key="complaint_burrs",
        kind="complaint",
        origin="customer",
        category="product",
        process="REA-08",
        site=MONTLUCON,
        weight=4,
        customers=CUSTOMERS_AUTOMOTIVE,
        title="Bavures résiduelles sur {product} ({customer})",
        products=["Bride de fixation BF-12", "Carter aluminium CA-310", "Moyeu de roue MR-64"],
        what="Présence de bavures sur les perçages transversaux des pièces {product}, lot {lot}, "
        "signalée par {customer}.",
        where="Poste d'ébavurage de l'atelier d'usinage de Montluçon.",
        how="Réclamation du client après blocage de sa ligne d'assemblage.",
        why="Les bavures peuvent se détacher dans le circuit hydraulique du client.",
        containment="Reprise d'ébavurage du stock, contrôle visuel sous loupe à 100 % avant expédition.",
        detected_by=["sales"],
        owner="machining",
        severity_weights=(4, 5, 1),
        dispositions=["rework"],
        quantity=(50, 800),
        cost=(800, 6000),
        containment_action="Reprendre l'ébavurage du stock et contrôler à 100 % sous loupe",
        whys=[
            ("Pourquoi reste-t-il des bavures ?", "L'ébavurage manuel des perçages croisés est incomplet."),
            ("Pourquoi est-il incomplet ?", "L'outil d'ébavurage ne passe pas dans les petits perçages."),
            (
                "Pourquoi n'a-t-on pas d'outil adapté ?",
                "L'industrialisation n'a pas prévu d'ébavurage machine.",
            ),
            (
                "Pourquoi ne l'a-t-elle pas prévu ?",
                "L'AMDEC processus ne couvrait pas ce mode de défaillance.",
            ),
            (
                "Pourquoi l'AMDEC ne le couvrait-elle pas ?",
                "Le retour d'expérience des pièces similaires n'a pas été exploité.",
            ),
        ],
        ishikawa=[
            ("method", "Ébavurage manuel non standardisé", True),
            ("machine", "Pas d'outil d'ébavurage arrière sur le centre d'usinage", True),
            ("manpower", "Formation au poste d'ébavurage non formalisée", False),
        ],
        root_cause="Ébavurage des perçages croisés non prévu dans la gamme d'usinage",
        correctives=[
            CorrectiveTemplate(
                "Intégrer un ébavurage arrière automatique dans le programme CN",
                "design",
                "Zéro bavure constatée sur 5 lots consécutifs contrôlés sous loupe",
            ),
            CorrectiveTemplate(
                "Mettre à jour l'AMDEC processus avec le mode de défaillance « bavure »",
                "design",
                "AMDEC révisée et validée en revue d'industrialisation",
            ),
        ],
    ),
    Scenario(
        key="complaint_labelling",
        kind="complaint",
        origin="customer",
        category="service",
        process="REA-07",
        site=MOULINS,
        weight=3,
        customers=CUSTOMERS_AUTOMOTIVE + [CUSTOMER_AERONAUTICS],
        title="Erreur d'étiquetage sur une livraison de {product} ({customer})",
        products=ASSEMBLIES,
        what="Le client {customer} a reçu des cartons de {product} étiquetés avec une autre référence ; "
        "lot {lot}.",
        where="Zone de préparation des expéditions de Moulins.",
        how="Constat du magasin de réception du client au scan des étiquettes.",
        why="Risque de mélange de références en production chez le client.",
        containment="Ré-étiquetage chez le client par notre chef d'équipe expéditions, vérification des "
        "cartons en stock.",
        detected_by=["lead_shipping"],
        owner="moulins_manager",
        severity_weights=(5, 4, 1),
        quantity=(2, 40),
        cost=(300, 1800),
        containment_action="Vérifier l'étiquetage de tous les cartons en stock à Moulins",
        whys=[
            (
                "Pourquoi l'étiquette est-elle fausse ?",
                "Une étiquette du lot précédent est restée sur l'imprimante.",
            ),
            ("Pourquoi est-elle restée ?", "Les étiquettes sont imprimées par lot complet à l'avance."),
            ("Pourquoi les imprime-t-on à l'avance ?", "Pour gagner du temps au moment des départs camions."),
        ],
        root_cause="Étiquettes imprimées à l'avance et non rapprochées du carton au moment de l'emballage",
        correctives=[
            CorrectiveTemplate(
                "Imprimer l'étiquette au poste d'emballage avec scan de contrôle carton / OF",
                "moulins_manager",
                "Zéro erreur d'étiquetage sur 3 mois",
            ),
        ],
    ),
    Scenario(
        key="complaint_anodising",
        kind="complaint",
        origin="customer",
        category="product",
        process="REA-08",
        site=MONTLUCON,
        weight=3,
        customers=[CUSTOMER_AERONAUTICS],
        title="Épaisseur d'anodisation insuffisante sur {product} ({customer})",
        products=ANODISED_PARTS,
        what="{customer} mesure une épaisseur de couche anodique de {value} µm pour 15 µm minimum "
        "sur les pièces {product}, lot {lot}.",
        where="Ligne d'anodisation de Montluçon.",
        how="Contrôle de réception par courants de Foucault chez le client (exigence EN 9100).",
        why="Tenue à la corrosion non garantie sur pièce aéronautique ; risque de dérogation refusée.",
        containment="Blocage des pièces anodisées depuis la dernière analyse de bain conforme, mesure à 100 %.",
        detected_by=["sales"],
        owner="surface",
        severity_weights=(1, 5, 4),
        dispositions=["rework", "concession", "scrap"],
        quantity=(10, 150),
        cost=(2000, 15000),
        containment_action="Bloquer et mesurer à 100 % les pièces anodisées depuis la dernière analyse conforme",
        whys=[
            ("Pourquoi la couche est-elle trop fine ?", "La densité de courant était trop faible."),
            ("Pourquoi était-elle trop faible ?", "Un contact des montages était oxydé."),
            ("Pourquoi le contact était-il oxydé ?", "Les montages ne sont pas décapés régulièrement."),
            ("Pourquoi ne le sont-ils pas ?", "Aucune fréquence de décapage n'est définie."),
            ("Pourquoi aucune fréquence ?", "Le mode opératoire de la ligne ne traite pas des montages."),
        ],
        ishikawa=[
            ("machine", "Contacts des montages oxydés", True),
            ("method", "Pas de fréquence de décapage des montages", True),
            ("material", "Concentration du bain d'acide en limite basse", False),
            ("measurement", "Mesure d'épaisseur en fin de ligne par échantillonnage seulement", False),
        ],
        root_cause="Entretien des montages d'anodisation non défini dans le mode opératoire",
        correctives=[
            CorrectiveTemplate(
                "Définir et suivre un décapage hebdomadaire des montages",
                "surface",
                "Épaisseurs mesurées > 15 µm sur 100 % des lots pendant 3 mois",
            ),
            CorrectiveTemplate(
                "Ajouter une mesure d'épaisseur par lot en sortie de ligne",
                "metrology",
                "Enregistrements de mesure présents pour chaque lot",
            ),
        ],
    ),
    Scenario(
        key="complaint_certificate",
        kind="complaint",
        origin="customer",
        category="documentation",
        process="REA-07",
        site=MOULINS,
        weight=2,
        customers=[CUSTOMER_AERONAUTICS],
        title="Certificat de conformité incomplet pour {product} ({customer})",
        products=AERO_PARTS,
        what="Le certificat de conformité livré avec le lot {lot} de {product} ne mentionne pas le numéro "
        "de coulée matière.",
        where="Expéditions Moulins, édition des certificats.",
        how="Contrôle documentaire de réception du client.",
        why="Traçabilité matière exigée par l'EN 9100 ; pièces bloquées chez le client.",
        containment="Envoi d'un certificat corrigé sous 24 h, contrôle des certificats des livraisons en cours.",
        detected_by=["moulins_manager"],
        owner="moulins_manager",
        severity_weights=(5, 5, 0),
        quantity=(1, 20),
        cost=(100, 600),
        containment_action="Envoyer un certificat corrigé et vérifier les certificats des livraisons en cours",
        root_cause="Champ « numéro de coulée » facultatif dans le modèle de certificat de l'ERP",
        correctives=[
            CorrectiveTemplate(
                "Rendre le numéro de coulée obligatoire dans le modèle de certificat ERP",
                "it_manager",
                "Aucun certificat incomplet sur 6 mois",
            ),
        ],
    ),
    Scenario(
        key="complaint_delay",
        kind="complaint",
        origin="customer",
        category="service",
        process="REA-04",
        site=MONTLUCON,
        weight=2,
        customers=CUSTOMERS_AUTOMOTIVE,
        title="Retard de livraison de {product} ({customer})",
        products=AUTO_PARTS,
        what="Livraison du lot {lot} de {product} arrivée avec {value} jours de retard chez {customer}.",
        where="Ordonnancement Montluçon.",
        how="Relance du service logistique du client, pénalité de retard notifiée.",
        why="Risque d'arrêt de la ligne client et de pénalités contractuelles.",
        containment="Livraison express partielle par transporteur dédié.",
        detected_by=["sales"],
        owner="planning",
        severity_weights=(5, 4, 1),
        quantity=(100, 2000),
        cost=(500, 4000),
        root_cause="Capacité du centre de fraisage 5 axes saturée, non visible dans le planning",
        correctives=[
            CorrectiveTemplate(
                "Mettre en place un calcul charge / capacité hebdomadaire par îlot",
                "planning",
                "Taux de service > 97 % sur 3 mois",
            ),
        ],
    ),
    # Internal non-conformities.
    Scenario(
        key="internal_dimension",
        kind="nonconformity",
        origin="internal",
        category="product",
        process="REA-05",
        site=MONTLUCON,
        weight=14,
        title="Diamètre hors tolérance sur {product} – {machine}",
        products=AUTO_PARTS + AERO_PARTS,
        what="Diamètre extérieur mesuré à {value} mm, hors tolérance, sur {product}, lot {lot}, usiné sur le "
        "{machine}.",
        where="Atelier d'usinage de Montluçon, {machine}.",
        how="Autocontrôle opérateur confirmé par le laboratoire de métrologie.",
        why="Pièce non montable ; risque d'envoi au client si la dérive n'est pas détectée.",
        containment="Arrêt de la machine, isolement du lot, contrôle à 100 % des pièces produites depuis le dernier "
        "contrôle conforme.",
        detected_by=["op_cnc_1", "op_cnc_2", "op_cnc_3", "lead_machining"],
        owner="machining",
        dispositions=["rework", "scrap"],
        quantity=(3, 120),
        cost=(80, 1500),
        containment_action="Isoler le lot et contrôler à 100 % les pièces produites depuis le dernier contrôle "
        "conforme",
        whys=[
            (
                "Pourquoi le diamètre est-il hors tolérance ?",
                "La machine a dérivé thermiquement en début de poste.",
            ),
            ("Pourquoi a-t-elle dérivé ?", "La production a démarré sans cycle de chauffe."),
            ("Pourquoi sans cycle de chauffe ?", "Le cycle n'est pas décrit dans la fiche de poste."),
            ("Pourquoi n'est-il pas décrit ?", "La fiche de poste date d'avant l'arrivée de la machine."),
            (
                "Pourquoi n'a-t-elle pas été mise à jour ?",
                "Aucune revue des fiches de poste n'est planifiée.",
            ),
        ],
        ishikawa=[
            ("machine", "Dérive thermique de la broche au démarrage", True),
            ("method", "Cycle de chauffe absent de la fiche de poste", True),
            ("milieu", "Atelier non chauffé le lundi matin", False),
            ("manpower", "Nouvel opérateur non formé au poste", False),
            ("measurement", "Micromètre non étalonné depuis 14 mois", False),
        ],
        root_cause="Démarrage de production sans cycle de chauffe machine",
        correctives=[
            CorrectiveTemplate(
                "Ajouter un cycle de chauffe de 15 min dans la fiche de poste et le programme",
                "lead_machining",
                "Aucune dérive dimensionnelle en début de poste sur 2 mois",
            ),
        ],
    ),
    Scenario(
        key="internal_roughness",
        kind="nonconformity",
        origin="internal",
        category="product",
        process="REA-05",
        site=MONTLUCON,
        weight=7,
        title="Rugosité non conforme sur {product}",
        products=AUTO_PARTS,
        what="Rugosité Ra mesurée à {value} µm (exigence Ra ≤ 0,8 µm) sur la portée de joint de {product}, "
        "lot {lot}.",
        where="Atelier d'usinage, îlot de tournage.",
        how="Contrôle au rugosimètre en laboratoire de métrologie (fréquence 1 pièce par lot).",
        why="Risque de fuite au niveau du joint chez le client.",
        containment="Lot bloqué, reprise en finition sur tour.",
        detected_by=["op_inspector"],
        owner="machining",
        dispositions=["rework", "scrap"],
        quantity=(10, 300),
        cost=(100, 1200),
        ishikawa=[
            ("material", "Plaquettes de finition d'un nouveau fournisseur", True),
            ("method", "Vitesse de coupe non adaptée à la nouvelle nuance", False),
            ("machine", "Vibrations dues à un porte-outil usé", True),
        ],
        root_cause="Changement de fournisseur de plaquettes sans essai de validation",
        correctives=[
            CorrectiveTemplate(
                "Valider tout changement d'outil coupant par un essai sur 5 pièces",
                "design",
                "Procédure de changement d'outil appliquée sur les 3 derniers changements",
            ),
        ],
    ),
    Scenario(
        key="internal_program",
        kind="nonconformity",
        origin="internal",
        category="process",
        process="REA-02",
        site=MONTLUCON,
        weight=4,
        title="Programme CN non à jour utilisé pour {product}",
        products=AUTO_PARTS + AERO_PARTS,
        what="Le lot {lot} de {product} a été usiné avec l'indice B du programme alors que l'indice C est en vigueur.",
        where="{machine}, atelier d'usinage de Montluçon.",
        how="Détecté lors de l'audit de poste hebdomadaire du chef d'équipe.",
        why="Caractéristiques modifiées à l'indice C non réalisées.",
        containment="Lot bloqué et contrôlé aux cotes de l'indice C.",
        detected_by=["lead_machining"],
        owner="design",
        severity_weights=(3, 6, 1),
        dispositions=["rework", "scrap", "use_as_is"],
        quantity=(5, 80),
        cost=(200, 2500),
        whys=[
            (
                "Pourquoi l'ancien indice a-t-il été utilisé ?",
                "Il était encore dans la mémoire de la machine.",
            ),
            (
                "Pourquoi y était-il encore ?",
                "Les programmes ne sont pas transférés depuis un serveur unique.",
            ),
            ("Pourquoi pas de serveur unique ?", "Le DNC n'a pas été déployé sur les machines récentes."),
        ],
        root_cause="Programmes CN stockés dans les machines, sans gestion des indices par le DNC",
        correctives=[
            CorrectiveTemplate(
                "Déployer le DNC sur toutes les machines et purger les programmes locaux",
                "it_manager",
                "Audit DNC : 100 % des machines chargées depuis le serveur",
            ),
        ],
    ),
    Scenario(
        key="internal_stains",
        kind="nonconformity",
        origin="internal",
        category="product",
        process="REA-06",
        site=MONTLUCON,
        weight=6,
        title="Taches après anodisation sur {product}",
        products=ANODISED_PARTS,
        what="Taches blanchâtres visibles après colmatage sur les pièces {product}, lot {lot}.",
        where="Ligne de traitement de surface, poste de colmatage.",
        how="Contrôle visuel en sortie de ligne.",
        why="Aspect refusé par le client ; risque de corrosion localisée.",
        containment="Lot isolé, pièces à décaper et ré-anodiser.",
        detected_by=["op_surface", "lead_surface"],
        owner="surface",
        dispositions=["rework", "scrap"],
        quantity=(10, 250),
        cost=(200, 3000),
        containment_action="Décaper et ré-anodiser le lot isolé",
        whys=[
            ("Pourquoi des taches ?", "Le bain de colmatage était pollué."),
            ("Pourquoi pollué ?", "Le rinçage précédent était insuffisant."),
            ("Pourquoi insuffisant ?", "Le débit d'eau de rinçage avait été réduit."),
            ("Pourquoi réduit ?", "Pour diminuer la consommation d'eau, sans analyse d'impact."),
        ],
        ishikawa=[
            ("method", "Débit de rinçage réduit sans validation", True),
            ("material", "Bain de colmatage pollué", False),
            ("measurement", "Conductivité des rinçages non surveillée", True),
        ],
        root_cause="Modification du débit de rinçage sans analyse d'impact sur la qualité",
        correctives=[
            CorrectiveTemplate(
                "Installer un conductimètre avec alarme sur le dernier rinçage",
                "maintenance",
                "Conductivité sous le seuil sur 100 % des relevés pendant 2 mois",
            ),
            CorrectiveTemplate(
                "Soumettre toute modification de paramètres de ligne à validation QSSE",
                "surface",
                "Aucune modification non validée relevée en audit",
            ),
        ],
    ),
    Scenario(
        key="internal_paint",
        kind="nonconformity",
        origin="internal",
        category="product",
        process="REA-06",
        site=MONTLUCON,
        weight=5,
        title="Défaut d'adhérence de la peinture sur {product}",
        products=["Support moteur SM-800", "Bride de fixation BF-12", "Kit support moteur KSM-800"],
        what="Essai de quadrillage coté 3 (exigence ≤ 1) sur les pièces {product} peintes, lot {lot}.",
        where="Cabine de peinture et étuve de Montluçon.",
        how="Essai d'adhérence par quadrillage au laboratoire.",
        why="Écaillage probable en service.",
        containment="Lot bloqué, pièces à décaper et repeindre.",
        detected_by=["op_paint", "op_inspector"],
        owner="surface",
        dispositions=["rework"],
        quantity=(10, 200),
        cost=(150, 2000),
        ishikawa=[
            ("method", "Temps de désolvatation trop court avant étuvage", False),
            ("material", "Dégraissage insuffisant avant peinture", True),
            ("milieu", "Hygrométrie élevée dans la cabine", False),
        ],
        root_cause="Bain de dégraissage épuisé, non analysé à la fréquence prévue",
        correctives=[
            CorrectiveTemplate(
                "Analyser le bain de dégraissage deux fois par semaine et tracer les ajouts",
                "lead_surface",
                "Adhérence conforme sur 10 lots consécutifs",
            ),
        ],
    ),
    Scenario(
        key="internal_torque",
        kind="nonconformity",
        origin="internal",
        category="product",
        process="REA-07",
        site=MOULINS,
        weight=5,
        title="Couple de serrage non conforme sur {product}",
        products=ASSEMBLIES,
        what="Couple mesuré à {value} N·m pour 25 ± 2 N·m sur les vis de fixation de {product}, lot {lot}.",
        where="Poste d'assemblage n° 3, site de Moulins.",
        how="Contrôle final par clé dynamométrique de contrôle.",
        why="Risque de desserrage en service.",
        containment="Resserrage au bon couple des sous-ensembles du lot, contrôle à 100 %.",
        detected_by=["op_assembly_1", "op_assembly_2", "lead_assembly"],
        owner="lead_assembly",
        dispositions=["rework"],
        quantity=(5, 60),
        cost=(50, 600),
        whys=[
            ("Pourquoi le couple est-il faible ?", "La visseuse était réglée à 20 N·m."),
            ("Pourquoi réglée à 20 N·m ?", "Elle venait d'un autre poste et n'a pas été re-réglée."),
            ("Pourquoi pas re-réglée ?", "Les visseuses ne sont pas identifiées par poste."),
        ],
        root_cause="Visseuses non dédiées ni identifiées par poste d'assemblage",
        correctives=[
            CorrectiveTemplate(
                "Dédier une visseuse à chaque poste avec réglage verrouillé",
                "lead_assembly",
                "Couples conformes sur 100 % des contrôles pendant 2 mois",
            ),
        ],
    ),
    Scenario(
        key="internal_gauge",
        kind="nonconformity",
        origin="internal",
        category="process",
        process="SUP-03",
        site=MONTLUCON,
        weight=3,
        title="Instrument de mesure utilisé hors validité d'étalonnage",
        products=["Micromètre 25-50 mm", "Tampon lisse Ø20 H7", "Pied à coulisse numérique 150 mm"],
        what="Le {product} n° {lot} a été utilisé en production alors que sa date d'étalonnage était dépassée.",
        where="Atelier d'usinage, îlot de tournage.",
        how="Audit interne de l'auditeur qualité.",
        why="Les mesures réalisées avec cet instrument ne sont pas garanties.",
        containment="Instrument retiré, vérification immédiate, analyse des lots mesurés avec cet instrument.",
        detected_by=["auditor_1", "auditor_2"],
        owner="metrology",
        severity_weights=(7, 3, 0),
        quantity=(1, 1),
        cost=(0, 300),
        root_cause="Relance des étalonnages non automatisée",
        correctives=[
            CorrectiveTemplate(
                "Paramétrer des alertes d'échéance d'étalonnage dans la GMAO",
                "metrology",
                "Aucun instrument hors validité au prochain audit",
            ),
        ],
    ),
    # Supplier non-conformities.
    Scenario(
        key="supplier_bar_diameter",
        kind="nonconformity",
        origin="supplier",
        category="product",
        process="REA-03",
        site=MONTLUCON,
        weight=5,
        supplier=SUPPLIER_STEEL,
        title="Barres d'acier hors tolérance de diamètre ({supplier})",
        products=STEEL_BARS,
        what="Diamètre des {product} mesuré à {value} mm, hors tolérance h9, livraison {lot} de {supplier}.",
        where="Réception matière, entrepôt de Montluçon.",
        how="Contrôle de réception par échantillonnage.",
        why="Barres inutilisables sur les tours à embarreur.",
        containment="Livraison bloquée en zone rouge, demande de remplacement au fournisseur.",
        detected_by=["op_forklift", "lead_logistics"],
        owner="purchasing",
        dispositions=["return_to_supplier"],
        quantity=(10, 120),
        cost=(300, 5000),
        whys=[
            (
                "Pourquoi les barres sont-elles hors tolérance ?",
                "Le fournisseur a livré des barres laminées au lieu d'étirées.",
            ),
            ("Pourquoi ?", "La commande ne précisait pas l'état de livraison."),
            ("Pourquoi ne le précisait-elle pas ?", "L'article ERP ne contient pas l'état métallurgique."),
        ],
        root_cause="Spécification d'achat incomplète (état de livraison non précisé)",
        correctives=[
            CorrectiveTemplate(
                "Compléter les fiches articles matière avec l'état de livraison et la tolérance",
                "purchasing",
                "Aucune NC de diamètre sur les 5 livraisons suivantes",
            ),
            CorrectiveTemplate(
                "Demander un 8D au fournisseur et suivre sa note d'évaluation",
                "auditor_2",
                "8D fournisseur reçu et jugé recevable",
            ),
        ],
    ),
    Scenario(
        key="supplier_certificate",
        kind="nonconformity",
        origin="supplier",
        category="documentation",
        process="REA-03",
        site=MONTLUCON,
        weight=3,
        supplier=SUPPLIER_STEEL,
        title="Certificat matière 3.1 non conforme ({supplier})",
        products=STEEL_BARS,
        what="Le certificat EN 10204 3.1 de la livraison {lot} ({product}) indique une teneur en chrome hors "
        "norme.",
        where="Réception matière, Montluçon.",
        how="Vérification documentaire des certificats à réception.",
        why="Matière non conforme à la nuance commandée ; exigence aéronautique de traçabilité.",
        containment="Livraison bloquée, contre-analyse demandée à un laboratoire externe.",
        detected_by=["auditor_2"],
        owner="purchasing",
        severity_weights=(3, 5, 2),
        dispositions=["return_to_supplier", "concession"],
        quantity=(5, 60),
        cost=(200, 3000),
        root_cause="Contrôle des certificats par le fournisseur non réalisé avant expédition",
        correctives=[
            CorrectiveTemplate(
                "Exiger du fournisseur l'envoi des certificats 48 h avant livraison",
                "purchasing",
                "100 % des certificats reçus avant livraison pendant 3 mois",
            ),
        ],
    ),
    Scenario(
        key="supplier_hardness",
        kind="nonconformity",
        origin="supplier",
        category="product",
        process="REA-03",
        site=MONTLUCON,
        weight=4,
        supplier=SUPPLIER_HEAT_TREATMENT,
        title="Dureté hors spécification après traitement thermique ({supplier})",
        products=HEAT_TREATED,
        what="Dureté mesurée à {value} HRC (exigence 38-42 HRC) sur {product}, lot {lot}, traité par {supplier}.",
        where="Laboratoire de métrologie de Montluçon, retour de sous-traitance.",
        how="Contrôle de dureté Rockwell à réception.",
        why="Tenue mécanique non garantie.",
        containment="Lot bloqué, retour au sous-traitant pour nouveau revenu.",
        detected_by=["op_inspector"],
        owner="purchasing",
        severity_weights=(2, 6, 2),
        dispositions=["return_to_supplier", "scrap"],
        quantity=(20, 400),
        cost=(500, 8000),
        ishikawa=[
            ("machine", "Four de revenu du sous-traitant mal régulé", True),
            ("method", "Instructions de traitement transmises sans la dureté visée", True),
            ("measurement", "Dureté contrôlée sur une seule pièce par charge", False),
        ],
        root_cause="Dureté visée absente de l'ordre de sous-traitance",
        correctives=[
            CorrectiveTemplate(
                "Ajouter la plage de dureté et la fréquence de contrôle à l'ordre de sous-traitance",
                "purchasing",
                "Aucun écart de dureté sur 5 lots",
            ),
        ],
    ),
    Scenario(
        key="supplier_distortion",
        kind="nonconformity",
        origin="supplier",
        category="product",
        process="REA-03",
        site=MONTLUCON,
        weight=2,
        supplier=SUPPLIER_HEAT_TREATMENT,
        title="Déformation des pièces après trempe ({supplier})",
        products=HEAT_TREATED,
        what="Défaut de rectitude de {value} mm sur les pièces {product}, lot {lot}, après trempe chez {supplier}.",
        where="Réception de sous-traitance, Montluçon.",
        how="Contrôle de rectitude sur marbre.",
        why="Reprise par rectification nécessaire, surcoût et retard.",
        containment="Tri, redressage des pièces récupérables.",
        detected_by=["op_inspector"],
        owner="purchasing",
        dispositions=["rework", "return_to_supplier"],
        quantity=(10, 200),
        cost=(400, 4000),
        root_cause="Pièces chargées à plat dans le four au lieu d'être suspendues",
        correctives=[
            CorrectiveTemplate(
                "Définir avec le sous-traitant un mode de chargement suspendu",
                "purchasing",
                "Rectitude conforme sur 5 lots",
            ),
        ],
    ),
    # Incidents (health, safety and environment).
    Scenario(
        key="incident_cut",
        kind="incident",
        origin="internal",
        category="safety",
        process="SUP-05",
        site=MONTLUCON,
        weight=5,
        title="Coupure à la main lors d'un changement d'outil sur le {machine}",
        products=[""],
        what="Coupure superficielle à l'index lors du changement de plaquette sur le {machine}.",
        where="Atelier d'usinage de Montluçon, {machine}.",
        how="Déclaration de l'opérateur, soins à l'infirmerie, inscrit au registre des soins bénins.",
        why="Accident sans arrêt ; risque de coupure grave identifié au DUER.",
        containment="Soins, rappel du port des gants anti-coupure au poste.",
        detected_by=["op_cnc_1", "op_cnc_2", "op_cnc_3", "op_deburr"],
        owner="qsse_manager",
        severity_weights=(7, 3, 0),
        quantity=(1, 1),
        cost=(0, 200),
        whys=[
            ("Pourquoi la coupure ?", "L'opérateur ne portait pas de gants anti-coupure."),
            ("Pourquoi pas de gants ?", "Les gants disponibles gênent la manipulation des petites vis."),
            ("Pourquoi gênent-ils ?", "Le modèle n'a pas été choisi avec les opérateurs."),
        ],
        root_cause="Gants anti-coupure inadaptés aux changements d'outils",
        correctives=[
            CorrectiveTemplate(
                "Tester et choisir avec les opérateurs des gants anti-coupure niveau C fins",
                "qsse_assistant",
                "Port des gants constaté à 100 % lors de 4 visites de sécurité",
            ),
        ],
    ),
    Scenario(
        key="incident_forklift",
        kind="incident",
        origin="internal",
        category="safety",
        process="SUP-05",
        site=MONTLUCON,
        weight=2,
        title="Collision entre un chariot élévateur et un rack de stockage",
        products=[""],
        what="Un chariot élévateur a heurté le montant d'un rack de barres d'acier en marche arrière.",
        where="Entrepôt de Montluçon, allée des barres.",
        how="Signalement du cariste au chef d'équipe logistique.",
        why="Risque d'effondrement du rack et d'écrasement ; presqu'accident grave.",
        containment="Déchargement du rack, balisage de la zone, inspection par un organisme agréé.",
        detected_by=["op_forklift", "lead_logistics"],
        owner="qsse_manager",
        severity_weights=(2, 5, 3),
        quantity=(1, 1),
        cost=(500, 4500),
        containment_action="Décharger le rack endommagé et faire inspecter les racks de l'allée",
        ishikawa=[
            ("milieu", "Allée encombrée par des palettes en attente", True),
            ("machine", "Absence de caméra de recul sur le chariot", True),
            ("manpower", "Cariste en fin de poste, cadence élevée", False),
            ("management", "Plan de circulation non mis à jour depuis l'extension", False),
        ],
        root_cause="Allée de circulation encombrée et chariot sans aide au recul",
        correctives=[
            CorrectiveTemplate(
                "Installer des protections de pied de rack et une caméra de recul",
                "maintenance",
                "Aucun choc de rack sur 6 mois",
            ),
            CorrectiveTemplate(
                "Mettre à jour le plan de circulation et marquer les zones d'attente au sol",
                "lead_logistics",
                "Allées dégagées lors de 4 visites mensuelles",
            ),
        ],
    ),
    Scenario(
        key="incident_solvent",
        kind="incident",
        origin="internal",
        category="safety",
        process="SUP-05",
        site=MONTLUCON,
        weight=2,
        title="Projection de solvant au poste de dégraissage",
        products=[""],
        what="Projection de solvant au visage lors de l'ouverture du couvercle de la machine de dégraissage.",
        where="Ligne de traitement de surface, machine de dégraissage solvant.",
        how="Déclaration de l'opérateur ; rinçage oculaire immédiat.",
        why="Risque chimique grave (lésion oculaire) ; exposition aux COV.",
        containment="Rinçage, consultation médicale, arrêt de la machine jusqu'à vérification.",
        detected_by=["op_surface", "lead_surface"],
        owner="qsse_manager",
        severity_weights=(2, 6, 2),
        quantity=(1, 1),
        cost=(200, 2500),
        whys=[
            (
                "Pourquoi la projection ?",
                "Le couvercle a été ouvert avant la fin du cycle de refroidissement.",
            ),
            ("Pourquoi ouvert trop tôt ?", "Le verrouillage du couvercle était shunté."),
            ("Pourquoi shunté ?", "Le capteur tombait en panne et bloquait la production."),
            (
                "Pourquoi le capteur tombait-il en panne ?",
                "Il n'est pas prévu au plan de maintenance préventive.",
            ),
        ],
        root_cause="Verrouillage de sécurité du couvercle shunté faute de maintenance du capteur",
        correctives=[
            CorrectiveTemplate(
                "Remplacer le capteur de verrouillage et l'ajouter au plan de maintenance",
                "maintenance",
                "Verrouillage fonctionnel à chaque contrôle mensuel",
            ),
            CorrectiveTemplate(
                "Imposer le port de lunettes étanches au poste de dégraissage",
                "lead_surface",
                "Port constaté à 100 % lors des visites de sécurité",
            ),
        ],
    ),
    Scenario(
        key="incident_emulsion",
        kind="incident",
        origin="internal",
        category="environment",
        process="SUP-05",
        site=MONTLUCON,
        weight=3,
        title="Fuite d'émulsion de coupe au sol – {machine}",
        products=[""],
        what="Environ {value} litres d'émulsion de coupe répandus au sol depuis le bac du {machine}.",
        where="Atelier d'usinage de Montluçon, près d'un regard d'eaux pluviales.",
        how="Constat du chef d'équipe lors de la tournée de début de poste.",
        why="Risque de pollution du réseau d'eaux pluviales (ICPE) et de chute par glissade.",
        containment="Absorbants répandus, regard obturé, déchets évacués en filière 15 02 02*.",
        detected_by=["lead_machining", "op_maintenance"],
        owner="maintenance",
        severity_weights=(6, 4, 0),
        quantity=(1, 1),
        cost=(100, 900),
        root_cause="Flexible de retour d'émulsion fissuré, non inspecté",
        correctives=[
            CorrectiveTemplate(
                "Ajouter l'inspection des flexibles au préventif mensuel et installer un bac de rétention",
                "maintenance",
                "Aucune fuite constatée sur 6 mois",
            ),
        ],
    ),
    Scenario(
        key="incident_near_miss",
        kind="incident",
        origin="internal",
        category="safety",
        process="SUP-05",
        site=MOULINS,
        weight=3,
        title="Presqu'accident : chute d'un carton lors du déchargement",
        products=[""],
        what="Un carton de pièces de 18 kg est tombé d'une palette mal filmée lors du déchargement d'un camion.",
        where="Quai de chargement du site de Moulins.",
        how="Remontée de presqu'accident par la préparatrice de commandes.",
        why="Risque d'écrasement du pied.",
        containment="Zone sécurisée, palette refilmée.",
        detected_by=["op_shipping", "lead_shipping"],
        owner="moulins_manager",
        severity_weights=(8, 2, 0),
        quantity=(1, 1),
        cost=(0, 100),
        root_cause="Filmage des palettes internes non standardisé",
        correctives=[
            CorrectiveTemplate(
                "Standardiser le filmage des palettes (nombre de tours, cornières)",
                "lead_shipping",
                "Aucune chute de colis sur 3 mois",
            ),
        ],
    ),
    Scenario(
        key="incident_canteen",
        kind="incident",
        origin="internal",
        category="safety",
        process="SUP-05",
        site=MOULINS,
        weight=1,
        title="Glissade en cuisine au restaurant d'entreprise",
        products=[""],
        what="Glissade de la cuisinière sur un sol mouillé lors du nettoyage, contusion au genou.",
        where="Cuisine du restaurant d'entreprise de Moulins.",
        how="Déclaration au registre des accidents bénins.",
        why="Risque de chute de plain-pied coté élevé au DUER.",
        containment="Soins, signalisation du sol mouillé.",
        detected_by=["op_cook"],
        owner="moulins_manager",
        severity_weights=(7, 3, 0),
        quantity=(1, 1),
        cost=(0, 300),
        root_cause="Chaussures de sécurité non antidérapantes en cuisine",
        correctives=[
            CorrectiveTemplate(
                "Fournir des chaussures antidérapantes SRC au personnel de cuisine",
                "hr",
                "Aucune glissade sur 6 mois",
            ),
        ],
    ),
]

# Improvement and preventive actions not tied to a record (process reviews, objectives).
STANDALONE_ACTIONS = [
    ("improvement", "MAN-02", "Déployer OpenQSSE auprès des chefs d'équipe", "qsse_assistant"),
    ("improvement", "REA-05", "Mettre en place le SMED sur le tour bi-broche Index G200", "machining"),
    ("improvement", "REA-06", "Réduire de 10 % la consommation de solvant de dégraissage", "surface"),
    ("preventive", "SUP-02", "Réaliser la thermographie annuelle des armoires électriques", "maintenance"),
    ("preventive", "SUP-05", "Mettre à jour le DUER et le PAPRIPACT", "qsse_manager"),
    ("improvement", "REA-04", "Afficher le planning de charge des îlots en atelier", "planning"),
    (
        "preventive",
        "SUP-03",
        "Réaliser une étude R&R sur les caractéristiques critiques aéronautiques",
        "metrology",
    ),
    ("improvement", "SUP-01", "Mettre à jour la matrice de polyvalence de l'usinage", "hr"),
    ("improvement", "REA-08", "Lancer l'enquête de satisfaction client annuelle", "sales"),
    ("preventive", "REA-03", "Auditer le sous-traitant de traitement thermique", "auditor_2"),
    ("improvement", "SUP-04", "Migrer les sauvegardes vers un hébergement externalisé", "it_manager"),
    ("improvement", "MAN-03", "Publier le flash QSSE mensuel sur les panneaux d'affichage", "hr"),
    (
        "preventive",
        "SUP-05",
        "Organiser l'exercice d'évacuation incendie du site de Moulins",
        "moulins_manager",
    ),
    ("improvement", "SUP-06", "Suivre mensuellement le coût de non-qualité par processus", "finance"),
]

EIGHT_D_TEAM = (
    "Isabelle Roux (commercial), Claire Morel (QSSE), responsable du processus concerné, chef d'équipe"
)

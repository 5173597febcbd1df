# ruff: noqa: E501  (data: long French sentences read better unwrapped)
"""The demo company, Mécanique Bourbonnaise de Précision (MBP) SAS, as plain data.

Everything here is invented (see docs/design demo-organisation.md); the texts are French because
they are what a French SME would type into the application, not interface strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from qsse.core.choices import Role

DEMO_PASSWORD = "openqsse-demo"

ORGANIZATION = {
    "legal_name": "Mécanique Bourbonnaise de Précision SAS",
    "trade_name": "MBP",
    # Fictitious SIREN 842 715 369 + NIC 00018; both pass the Luhn check like real ones.
    "siret": "84271536900018",
    "naf_code": "25.62B",
    "headcount": 125,
    "sector": "Usinage de précision et traitement de surface de pièces métalliques (automobile, aéronautique)",
    "address": "12 rue des Forges\n03100 Montluçon",
}

MONTLUCON = "MTL"
MOULINS = "MOU"

SITES = [
    {
        "code": MONTLUCON,
        "name": "Montluçon",
        "address": "12 rue des Forges\n03100 Montluçon",
        "headcount": 95,
    },
    {
        "code": MOULINS,
        "name": "Moulins",
        "address": "4 avenue de la Gare de Triage\n03000 Moulins",
        "headcount": 30,
    },
]

# (site code, department name)
DEPARTMENTS = [
    (MONTLUCON, "Direction"),
    (MONTLUCON, "Qualité, sécurité, environnement"),
    (MONTLUCON, "Commercial"),
    (MONTLUCON, "Bureau d'études et industrialisation"),
    (MONTLUCON, "Achats"),
    (MONTLUCON, "Ordonnancement"),
    (MONTLUCON, "Usinage"),
    (MONTLUCON, "Traitement de surface et peinture"),
    (MONTLUCON, "Contrôle et métrologie"),
    (MONTLUCON, "Maintenance"),
    (MONTLUCON, "Logistique"),
    (MONTLUCON, "Ressources humaines"),
    (MONTLUCON, "Administration et finance"),
    (MONTLUCON, "Informatique"),
    (MOULINS, "Assemblage"),
    (MOULINS, "Expéditions"),
    (MOULINS, "Restauration"),
    (MOULINS, "Administration Moulins"),
]

# The ten work units of the DUER: (key, site, department, name, people exposed, description).
# Montluçon's units add up to its 95 employees and Moulins' to its 30; road travel and outdoor
# areas overlap the others (people who drive or work outside).
WORK_UNITS = [
    (
        "machining",
        MONTLUCON,
        "Usinage",
        "Atelier d'usinage",
        42,
        "Tournage et fraisage CNC, ébavurage, lavage des pièces.",
    ),
    (
        "surface",
        MONTLUCON,
        "Traitement de surface et peinture",
        "Ligne de traitement de surface",
        12,
        "Dégraissage solvant, décapage, anodisation, colmatage.",
    ),
    (
        "paint",
        MONTLUCON,
        "Traitement de surface et peinture",
        "Cabine de peinture",
        5,
        "Peinture liquide au pistolet, étuve de séchage.",
    ),
    (
        "warehouse",
        MONTLUCON,
        "Logistique",
        "Entrepôt et logistique (chariots élévateurs)",
        8,
        "Réception des barres, stockage, chariots élévateurs et transpalettes.",
    ),
    (
        "maintenance",
        MONTLUCON,
        "Maintenance",
        "Maintenance",
        6,
        "Maintenance préventive et curative, chaufferie, station d'air comprimé.",
    ),
    (
        "metrology",
        MONTLUCON,
        "Contrôle et métrologie",
        "Laboratoire de métrologie",
        4,
        "Machine à mesurer tridimensionnelle, rugosimètre, étalonnage des instruments.",
    ),
    (
        "offices",
        MONTLUCON,
        "Administration et finance",
        "Bureaux",
        18,
        "Direction, commercial, bureau d'études, achats, ordonnancement, RH, finance, QSSE, informatique.",
    ),
    (
        "assembly",
        MOULINS,
        "Assemblage",
        "Assemblage",
        24,
        "Assemblage de sous-ensembles, contrôle final, préparation des expéditions.",
    ),
    (
        "canteen",
        MOULINS,
        "Restauration",
        "Restaurant d'entreprise",
        6,
        "Préparation et service des repas (démarche HACCP).",
    ),
    (
        "road",
        MONTLUCON,
        "Logistique",
        "Déplacements routiers et zones extérieures",
        30,
        "Trajets entre sites, visites clients, cour, aires de stockage extérieures.",
    ),
]


@dataclass(frozen=True)
class PersonSpec:
    key: str
    first_name: str
    last_name: str
    job_title: str
    site: str
    department: str
    work_unit: str
    role: str = Role.READER
    has_account: bool = True
    # None: every site; otherwise the site codes in scope.
    scope: tuple[str, ...] | None = None
    note: str = ""

    @property
    def username(self) -> str:
        return demo_username(self.first_name, self.last_name)


def demo_username(first_name: str, last_name: str) -> str:
    """``claire.morel``: lower-case ASCII first name and last name."""
    import unicodedata

    raw = f"{first_name}.{last_name}".lower().replace(" ", "-")
    return unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()


ALL = None
PEOPLE = [
    # Management and QSSE.
    PersonSpec(
        "director",
        "Jean-Marc",
        "Vernet",
        "Directeur général",
        MONTLUCON,
        "Direction",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
        note="managing director",
    ),
    PersonSpec(
        "qsse_manager",
        "Claire",
        "Morel",
        "Responsable QSSE",
        MONTLUCON,
        "Qualité, sécurité, environnement",
        "offices",
        Role.QSSE_MANAGER,
        scope=ALL,
        note="main user",
    ),
    PersonSpec(
        "qsse_assistant",
        "Julien",
        "Faure",
        "Assistant QSSE",
        MONTLUCON,
        "Qualité, sécurité, environnement",
        "offices",
        Role.CONTRIBUTOR,
        scope=ALL,
        note="QSSE assistant",
    ),
    PersonSpec(
        "it_manager",
        "Nicolas",
        "Bernard",
        "Responsable informatique",
        MONTLUCON,
        "Informatique",
        "offices",
        Role.ADMINISTRATOR,
        scope=ALL,
        note="administrator",
    ),
    # Process owners.
    PersonSpec(
        "sales",
        "Isabelle",
        "Roux",
        "Responsable commerciale",
        MONTLUCON,
        "Commercial",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "design",
        "Thomas",
        "Girard",
        "Responsable bureau d'études et industrialisation",
        MONTLUCON,
        "Bureau d'études et industrialisation",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "purchasing",
        "Nathalie",
        "Perrin",
        "Responsable achats",
        MONTLUCON,
        "Achats",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "planning",
        "Sébastien",
        "Lefèvre",
        "Responsable ordonnancement",
        MONTLUCON,
        "Ordonnancement",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "machining",
        "Laurent",
        "Chevalier",
        "Responsable atelier usinage",
        MONTLUCON,
        "Usinage",
        "machining",
        Role.PROCESS_OWNER,
        scope=(MONTLUCON,),
    ),
    PersonSpec(
        "surface",
        "Sandrine",
        "Blanc",
        "Responsable traitement de surface et peinture",
        MONTLUCON,
        "Traitement de surface et peinture",
        "surface",
        Role.PROCESS_OWNER,
        scope=(MONTLUCON,),
    ),
    PersonSpec(
        "moulins_manager",
        "Karim",
        "Benali",
        "Responsable du site de Moulins, contrôle et expéditions",
        MOULINS,
        "Expéditions",
        "assembly",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "hr",
        "Élodie",
        "Marchand",
        "Responsable ressources humaines",
        MONTLUCON,
        "Ressources humaines",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "maintenance",
        "Patrick",
        "Gauthier",
        "Responsable maintenance",
        MONTLUCON,
        "Maintenance",
        "maintenance",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "metrology",
        "Hélène",
        "Dubois",
        "Responsable métrologie",
        MONTLUCON,
        "Contrôle et métrologie",
        "metrology",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    PersonSpec(
        "finance",
        "Valérie",
        "Fontaine",
        "Responsable administrative et financière",
        MONTLUCON,
        "Administration et finance",
        "offices",
        Role.PROCESS_OWNER,
        scope=ALL,
    ),
    # Internal auditors, qualified and independent of the processes they audit.
    PersonSpec(
        "auditor_1",
        "Marc",
        "Lambert",
        "Technicien méthodes, auditeur interne",
        MONTLUCON,
        "Bureau d'études et industrialisation",
        "offices",
        Role.AUDITOR,
        scope=ALL,
    ),
    PersonSpec(
        "auditor_2",
        "Sophie",
        "Renaud",
        "Technicienne qualité fournisseurs, auditrice interne",
        MONTLUCON,
        "Qualité, sécurité, environnement",
        "offices",
        Role.AUDITOR,
        scope=ALL,
    ),
    # Team leaders.
    PersonSpec(
        "lead_machining",
        "David",
        "Moreau",
        "Chef d'équipe usinage",
        MONTLUCON,
        "Usinage",
        "machining",
        Role.CONTRIBUTOR,
        scope=(MONTLUCON,),
    ),
    PersonSpec(
        "lead_surface",
        "Aurélie",
        "Garnier",
        "Cheffe d'équipe traitement de surface",
        MONTLUCON,
        "Traitement de surface et peinture",
        "surface",
        Role.CONTRIBUTOR,
        scope=(MONTLUCON,),
    ),
    PersonSpec(
        "lead_logistics",
        "Mickaël",
        "Robin",
        "Chef d'équipe logistique",
        MONTLUCON,
        "Logistique",
        "warehouse",
        Role.CONTRIBUTOR,
        scope=(MONTLUCON,),
    ),
    PersonSpec(
        "lead_assembly",
        "Céline",
        "Mercier",
        "Cheffe d'équipe assemblage",
        MOULINS,
        "Assemblage",
        "assembly",
        Role.CONTRIBUTOR,
        scope=(MOULINS,),
    ),
    PersonSpec(
        "lead_shipping",
        "Franck",
        "Bonnet",
        "Chef d'équipe expéditions",
        MOULINS,
        "Expéditions",
        "assembly",
        Role.CONTRIBUTOR,
        scope=(MOULINS,),
    ),
    # Staff representatives and readers.
    PersonSpec(
        "cse_secretary",
        "Stéphane",
        "Muller",
        "Régleur CNC, secrétaire du CSE",
        MONTLUCON,
        "Usinage",
        "machining",
        Role.READER,
        scope=ALL,
        note="CSE secretary",
    ),
    PersonSpec(
        "reader_moulins",
        "Lucie",
        "Arnaud",
        "Assistante administrative",
        MOULINS,
        "Administration Moulins",
        "assembly",
        Role.READER,
        scope=(MOULINS,),
        note="reader, Moulins only",
    ),
    # Operators: in the directory, no account.
    PersonSpec(
        "op_cnc_1",
        "Kevin",
        "Lemoine",
        "Opérateur régleur CNC",
        MONTLUCON,
        "Usinage",
        "machining",
        has_account=False,
    ),
    PersonSpec(
        "op_cnc_2",
        "Yasmine",
        "Haddad",
        "Opératrice régleuse CNC",
        MONTLUCON,
        "Usinage",
        "machining",
        has_account=False,
    ),
    PersonSpec(
        "op_cnc_3",
        "Anthony",
        "Perret",
        "Opérateur fraisage 5 axes",
        MONTLUCON,
        "Usinage",
        "machining",
        has_account=False,
    ),
    PersonSpec(
        "op_deburr",
        "Mathieu",
        "Colin",
        "Opérateur ébavurage",
        MONTLUCON,
        "Usinage",
        "machining",
        has_account=False,
    ),
    PersonSpec(
        "op_surface",
        "Christophe",
        "Barbier",
        "Opérateur traitement de surface",
        MONTLUCON,
        "Traitement de surface et peinture",
        "surface",
        has_account=False,
    ),
    PersonSpec(
        "op_paint",
        "Sylvain",
        "Brun",
        "Peintre industriel",
        MONTLUCON,
        "Traitement de surface et peinture",
        "paint",
        has_account=False,
    ),
    PersonSpec(
        "op_forklift",
        "Jérôme",
        "Leroy",
        "Cariste magasinier",
        MONTLUCON,
        "Logistique",
        "warehouse",
        has_account=False,
    ),
    PersonSpec(
        "op_inspector",
        "Camille",
        "Roussel",
        "Contrôleuse qualité",
        MONTLUCON,
        "Contrôle et métrologie",
        "metrology",
        has_account=False,
    ),
    PersonSpec(
        "op_maintenance",
        "Olivier",
        "Caron",
        "Technicien de maintenance",
        MONTLUCON,
        "Maintenance",
        "maintenance",
        has_account=False,
    ),
    PersonSpec(
        "op_assembly_1", "Manon", "Giraud", "Monteuse", MOULINS, "Assemblage", "assembly", has_account=False
    ),
    PersonSpec(
        "op_assembly_2", "Rachid", "Mansouri", "Monteur", MOULINS, "Assemblage", "assembly", has_account=False
    ),
    PersonSpec(
        "op_shipping",
        "Pauline",
        "Boyer",
        "Préparatrice de commandes",
        MOULINS,
        "Expéditions",
        "assembly",
        has_account=False,
    ),
    PersonSpec(
        "op_cook", "Martine", "Fabre", "Cuisinière", MOULINS, "Restauration", "canteen", has_account=False
    ),
]


@dataclass(frozen=True)
class ProcessSpec:
    code: str
    name: str
    kind: str
    owner: str  # PersonSpec.key
    purpose: str
    inputs: str
    outputs: str
    resources: str
    performance_objectives: str
    indicators: str


M, R, S = "management", "realisation", "support"
PROCESSES = [
    ProcessSpec(
        "MAN-01",
        "Stratégie et revue de direction",
        M,
        "director",
        "Définir la politique QSSE, les orientations stratégiques et s'assurer de l'efficacité du système de "
        "management.",
        "Enjeux internes et externes, attentes des parties intéressées, résultats des processus, audits.",
        "Politique QSSE, objectifs annuels, décisions de revue de direction, budget.",
        "Comité de direction, tableau de bord QSSE.",
        "Revue de direction tenue chaque année ; 90 % des objectifs annuels atteints.",
        "Taux d'atteinte des objectifs ; chiffre d'affaires ; résultat d'exploitation.",
    ),
    ProcessSpec(
        "MAN-02",
        "Management QSSE et amélioration continue",
        M,
        "qsse_manager",
        "Piloter le système de management intégré (ISO 9001, ISO 14001, ISO 45001) et faire progresser "
        "l'entreprise.",
        "Non-conformités, réclamations, incidents, constats d'audit, exigences légales et clients.",
        "Plans d'actions, rapports d'audit, analyses de causes, REX.",
        "Service QSSE (2 personnes), auditeurs internes, logiciel OpenQSSE.",
        "Délai moyen de clôture des NC < 60 jours ; 85 % des actions efficaces au premier contrôle.",
        "Nombre de NC par mois ; taux d'actions en retard ; taux d'efficacité des actions.",
    ),
    ProcessSpec(
        "MAN-03",
        "Communication interne et externe",
        M,
        "hr",
        "Informer le personnel, les clients, les riverains et les autorités.",
        "Décisions de direction, résultats QSSE, demandes externes.",
        "Journal interne, affichages, réponses aux parties intéressées, rapport annuel.",
        "Service RH, direction, panneaux d'affichage, intranet.",
        "Un flash QSSE par mois ; réponse aux demandes externes sous 15 jours.",
        "Nombre de communications diffusées ; délai de réponse aux demandes externes.",
    ),
    ProcessSpec(
        "REA-01",
        "Vente et relation client",
        R,
        "sales",
        "Comprendre le besoin du client, établir des offres et contractualiser les commandes.",
        "Appels d'offres, plans clients, exigences IATF 16949 et EN 9100 transmises par les clients.",
        "Offres, revues de contrat, commandes acceptées.",
        "Équipe commerciale (3 personnes), ERP, outil de chiffrage.",
        "Taux de transformation des offres > 30 % ; revue de contrat systématique.",
        "Taux de transformation ; délai de remise d'offre ; satisfaction client.",
    ),
    ProcessSpec(
        "REA-02",
        "Conception et industrialisation",
        R,
        "design",
        "Transformer la commande en gamme de fabrication, programmes CN et plan de surveillance.",
        "Plans clients, commandes, retours de production.",
        "Gammes, programmes CN, AMDEC processus, plans de surveillance, PPAP / FAI.",
        "Bureau d'études (4 personnes), CFAO, logiciel de programmation.",
        "PPAP / FAI acceptés au premier envoi > 90 %.",
        "Taux d'acceptation des PPAP/FAI ; nombre de modifications de programme après lancement.",
    ),
    ProcessSpec(
        "REA-03",
        "Achats et fournisseurs",
        R,
        "purchasing",
        "Acheter les matières, traitements sous-traités et fournitures conformes, au bon coût et à temps.",
        "Besoins issus de l'ordonnancement, cahiers des charges, évaluations fournisseurs.",
        "Commandes fournisseurs, évaluations, réclamations fournisseurs.",
        "Service achats (2 personnes), ERP, grille d'évaluation.",
        "Taux de service fournisseurs > 95 % ; moins de 5 NC fournisseurs par trimestre.",
        "Taux de service fournisseurs ; nombre de NC fournisseurs ; note moyenne d'évaluation.",
    ),
    ProcessSpec(
        "REA-04",
        "Planification de la production",
        R,
        "planning",
        "Ordonnancer les ordres de fabrication pour tenir les délais promis.",
        "Commandes clients, capacités machines, disponibilité matières.",
        "Planning hebdomadaire, ordres de fabrication lancés.",
        "Ordonnanceur, ERP, réunion de production quotidienne.",
        "Taux de service client > 97 %.",
        "Taux de livraison à l'heure ; charge / capacité par îlot.",
    ),
    ProcessSpec(
        "REA-05",
        "Usinage",
        R,
        "machining",
        "Réaliser les pièces par tournage et fraisage CNC conformément aux gammes.",
        "Ordres de fabrication, barres et lopins, programmes CN, outillages.",
        "Pièces usinées contrôlées, enregistrements d'autocontrôle, copeaux triés.",
        "18 machines CNC, 42 personnes, outils coupants, émulsion de coupe.",
        "Taux de rebut < 1,5 % ; TRS > 70 %.",
        "Taux de rebut ; TRS ; nombre de NC internes usinage.",
    ),
    ProcessSpec(
        "REA-06",
        "Traitement de surface et peinture",
        R,
        "surface",
        "Protéger et finir les pièces : dégraissage, anodisation, peinture.",
        "Pièces usinées, bains, produits chimiques, peintures.",
        "Pièces traitées conformes, enregistrements de bains, déchets dangereux tracés.",
        "Ligne de traitement, cabine de peinture, étuve, laboratoire d'analyse des bains.",
        "Taux de retouche < 2 % ; zéro rejet hors normes dans les effluents.",
        "Taux de retouche ; conformité des analyses de bains ; consommation de solvant.",
    ),
    ProcessSpec(
        "REA-07",
        "Contrôle final et expédition",
        R,
        "moulins_manager",
        "Garantir que seules des pièces conformes, bien identifiées et bien emballées sont livrées.",
        "Pièces finies, plans de contrôle, bons de livraison.",
        "Pièces livrées, certificats de conformité, rapports de contrôle.",
        "Contrôleurs, magasin d'expédition de Moulins, transporteurs.",
        "Zéro erreur d'expédition ; 100 % des certificats de conformité joints.",
        "Nombre d'erreurs d'expédition ; taux de réclamations client (ppm).",
    ),
    ProcessSpec(
        "REA-08",
        "Après-vente et réclamations",
        R,
        "sales",
        "Traiter les réclamations clients et mesurer leur satisfaction.",
        "Réclamations, retours de pièces, enquêtes de satisfaction.",
        "Réponses 8D, avoirs, actions correctives, résultats d'enquête.",
        "Service commercial, service QSSE, outil 8D.",
        "Réponse D3 sous 24 h et 8D complet sous 30 jours ; ppm client < 150.",
        "Délai de réponse 8D ; ppm client ; note de satisfaction.",
    ),
    ProcessSpec(
        "SUP-01",
        "Ressources humaines et compétences",
        S,
        "hr",
        "Recruter, intégrer, former et maintenir les compétences nécessaires.",
        "Besoins des services, entretiens annuels, obligations de formation.",
        "Plan de développement des compétences, habilitations, matrice de polyvalence.",
        "Service RH, organismes de formation, tuteurs.",
        "100 % des habilitations à jour ; 95 % des entretiens annuels réalisés.",
        "Taux d'habilitations à jour ; heures de formation par salarié ; absentéisme.",
    ),
    ProcessSpec(
        "SUP-02",
        "Maintenance",
        S,
        "maintenance",
        "Maintenir les équipements et installations disponibles et sûrs.",
        "Plan de maintenance préventive, demandes d'intervention, VGP.",
        "Interventions réalisées, équipements disponibles, rapports de VGP.",
        "Équipe maintenance (6 personnes), GMAO, pièces de rechange.",
        "Disponibilité machines > 95 % ; 100 % du préventif réalisé.",
        "Taux de disponibilité ; MTBF ; taux de réalisation du préventif.",
    ),
    ProcessSpec(
        "SUP-03",
        "Métrologie",
        S,
        "metrology",
        "Garantir l'aptitude des moyens de mesure et de contrôle.",
        "Parc d'instruments, exigences clients, résultats d'étalonnage.",
        "Instruments étalonnés, constats de vérification, études R&R.",
        "Laboratoire de métrologie, MMT, étalons de référence.",
        "Zéro instrument utilisé hors validité ; études R&R < 10 % sur les caractéristiques critiques.",
        "Taux d'instruments à jour ; résultats R&R.",
    ),
    ProcessSpec(
        "SUP-04",
        "Informatique et maîtrise documentaire",
        S,
        "it_manager",
        "Fournir des outils informatiques fiables et maîtriser les documents et enregistrements.",
        "Besoins des utilisateurs, documents à approuver, menaces informatiques.",
        "Documents approuvés et diffusés, sauvegardes, postes et réseau disponibles.",
        "Responsable informatique, ERP, GED, sauvegardes externalisées.",
        "Disponibilité ERP > 99 % ; documents revus à échéance.",
        "Disponibilité des applications ; nombre de documents en retard de revue.",
    ),
    ProcessSpec(
        "SUP-05",
        "Santé, sécurité et environnement",
        S,
        "qsse_manager",
        "Prévenir les accidents, maîtriser les impacts environnementaux et respecter la réglementation ICPE.",
        "DUER, veille réglementaire, incidents, analyses environnementales.",
        "DUER à jour, PAPRIPACT, registres déchets, déclarations ICPE.",
        "Service QSSE, CSE, médecine du travail, prestataires déchets.",
        "Zéro accident avec arrêt ; -5 % de déchets dangereux par an.",
        "Taux de fréquence ; taux de gravité ; tonnage de déchets dangereux ; presqu'accidents déclarés.",
    ),
    ProcessSpec(
        "SUP-06",
        "Finance",
        S,
        "finance",
        "Assurer la santé financière de l'entreprise et mesurer les coûts de non-qualité.",
        "Factures, budget, coûts de non-qualité.",
        "Comptes annuels, tableaux de bord financiers, coût de non-qualité.",
        "Service administratif et financier, expert-comptable.",
        "Coût de non-qualité < 1,5 % du chiffre d'affaires.",
        "Coût de non-qualité ; délai de paiement clients.",
    ),
]

# What flows between processes: (source code, target code, flow).
INTERACTIONS = [
    ("REA-01", "REA-02", "Commandes et plans clients acceptés en revue de contrat"),
    ("REA-02", "REA-03", "Nomenclatures et cahiers des charges matière et sous-traitance"),
    ("REA-02", "REA-04", "Gammes de fabrication et temps alloués"),
    ("REA-02", "REA-05", "Programmes CN et plans de surveillance"),
    ("REA-03", "REA-04", "Dates de disponibilité des barres d'acier et des traitements thermiques"),
    ("REA-03", "REA-05", "Barres d'acier et lopins réceptionnés conformes"),
    ("REA-04", "REA-05", "Ordres de fabrication lancés"),
    ("REA-05", "REA-06", "Pièces usinées à traiter"),
    ("REA-06", "REA-07", "Pièces traitées et peintes"),
    ("REA-05", "REA-07", "Pièces usinées sans traitement de surface"),
    ("REA-07", "REA-08", "Certificats de conformité et bons de livraison"),
    ("REA-08", "REA-01", "Réclamations et résultats de satisfaction client"),
    ("REA-08", "MAN-02", "Réclamations clients à analyser (8D)"),
    ("REA-05", "MAN-02", "Non-conformités internes d'usinage"),
    ("REA-03", "MAN-02", "Non-conformités fournisseurs"),
    ("MAN-02", "MAN-01", "Bilan QSSE pour la revue de direction"),
    ("MAN-01", "MAN-03", "Politique QSSE et objectifs à diffuser"),
    ("SUP-02", "REA-05", "Machines CNC disponibles et maintenues"),
    ("SUP-03", "REA-07", "Instruments de contrôle étalonnés"),
    ("SUP-01", "REA-05", "Opérateurs formés et habilités"),
    ("SUP-05", "REA-06", "Consignes de sécurité chimique et gestion des déchets dangereux"),
    ("SUP-06", "MAN-01", "Coûts de non-qualité et résultats financiers"),
]

CUSTOMERS_AUTOMOTIVE = ["Équipements Automobiles du Centre", "Auto-Systèmes Rhône-Alpes"]
CUSTOMER_AERONAUTICS = "Aéro-Structures Occitanie"
SUPPLIER_STEEL = "Aciers Forgés du Berry"
SUPPLIER_HEAT_TREATMENT = "Thermi-Traitements de la Loire"

"""Default rating guides loaded at installation: generic wording written for OpenQSSE (not copied
from any handbook), in the organisation's language (French), to be adapted on the rating-guides page.

Each entry: (level, meaning, criteria). Higher is worse on the three scales.
"""

from __future__ import annotations

SEVERITY = (
    (
        10,
        "Danger sans signe avant-coureur",
        "Atteinte possible à la sécurité des personnes ou non-respect "
        "d'une exigence réglementaire, sans alerte préalable.",
    ),
    (
        9,
        "Danger avec signe avant-coureur",
        "Atteinte possible à la sécurité ou non-respect réglementaire, précédé d'un signe qui permet d'agir.",
    ),
    (
        8,
        "Perte de la fonction principale",
        "Produit inutilisable ; totalité du lot à rebuter ; arrêt de la ligne du client.",
    ),
    (
        7,
        "Fonction principale dégradée",
        "Produit utilisable avec des performances réduites ; tri et rebut d'une partie du lot.",
    ),
    (
        6,
        "Perte d'une fonction secondaire",
        "Fonction de confort ou secondaire perdue ; retouche hors ligne de tout le lot.",
    ),
    (5, "Fonction secondaire dégradée", "Fonction secondaire dégradée ; retouche d'une partie du lot."),
    (
        4,
        "Défaut d'aspect remarqué par la plupart",
        "Aspect, bruit ou ajustement non conforme remarqué par la plupart des clients ; retouche en ligne.",
    ),
    (
        3,
        "Défaut d'aspect remarqué par certains",
        "Défaut mineur remarqué par une partie des clients ; légère perturbation du poste.",
    ),
    (2, "Défaut à peine perceptible", "Défaut remarqué seulement par un contrôle attentif ; gêne minime."),
    (1, "Aucun effet perceptible", "Pas d'effet sur le produit, le client ou le poste de travail."),
)

OCCURRENCE = (
    (10, "Très élevée", "Défaillance presque certaine ; aucune mesure de prévention."),
    (9, "Très élevée", "Défaillance fréquente ; prévention peu efficace."),
    (8, "Élevée", "Défaillances répétées sur des procédés semblables."),
    (7, "Élevée", "Défaillances régulières ; prévention partielle."),
    (6, "Modérée", "Défaillances occasionnelles connues sur ce procédé."),
    (5, "Modérée", "Défaillances occasionnelles sur des procédés semblables."),
    (4, "Faible", "Défaillances isolées ; prévention éprouvée en place."),
    (3, "Faible", "Très peu de défaillances ; procédé capable (Cpk ≥ 1,33)."),
    (2, "Très faible", "Défaillance exceptionnelle ; prévention robuste (détrompeur, conception)."),
    (1, "Quasi impossible", "Cause éliminée par conception ou par détrompeur physique."),
)

DETECTION = (
    (10, "Aucune détection", "Aucun contrôle ; la défaillance ne peut pas être détectée."),
    (9, "Détection improbable", "Contrôle aléatoire ou indirect, peu susceptible de détecter."),
    (8, "Détection très faible", "Contrôle visuel occasionnel par l'opérateur."),
    (7, "Détection faible", "Contrôle visuel ou manuel à 100 % par l'opérateur."),
    (6, "Détection modérée", "Contrôle par mesure manuelle sur prélèvement (autocontrôle)."),
    (5, "Détection modérée", "Contrôle par mesure manuelle à 100 % ou carte de contrôle (SPC)."),
    (4, "Détection assez élevée", "Contrôle automatique en aval qui détecte et signale l'écart."),
    (3, "Détection élevée", "Contrôle automatique au poste qui détecte et isole la pièce."),
    (2, "Détection très élevée", "Contrôle automatique qui arrête le procédé avant la production du défaut."),
    (1, "Détection certaine", "Défaut impossible à produire (détrompeur) ou détecté à coup sûr."),
)

DEFAULT_GUIDES = {"severity": SEVERITY, "occurrence": OCCURRENCE, "detection": DETECTION}

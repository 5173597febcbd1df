"""Demo data of the compliance module: the story of MBP (see the demo organisation).

MBP loads the starter libraries shipped with OpenQSSE, declares what its two sites hold
(Montluçon: ICPE 2560, 2565, 2910, 2940, 1510, forklifts, chemicals, a compressed-air station and
local exhaust; Moulins: a canteen, forklifts in the shipping warehouse), lets applicability be
proposed, overrides one proposal with a justification, and assesses a first set of OHS
requirements: the forklift inspection at Moulins is overdue (non-compliant, an action opened),
the PAPRIPACT is only partly written. Gaps are rated on the "compliance" criticality matrix.

Montluçon prepares its ISO 45001 certification: a first gap analysis in March (frozen as a
snapshot), then a second round three weeks ago that closed most gaps, so the gap analysis page
compares today's rates per clause with the March ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def seed_compliance(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the compliance records of the demo organisation; returns counts by kind for the summary."""
    from qsse.compliance import services
    from qsse.compliance.models import ComplianceAssessment, ComplianceSnapshot
    from qsse.context.services import matrix_ensure_default

    matrix_ensure_default(usage="compliance")

    mtl, mou = org.sites["MTL"], org.sites["MOU"]
    services.profile_save(
        user=user,
        site=mtl,
        icpe_rubriques=["2560", "2565", "2910", "2940", "1510"],
        equipment=[
            "forklifts",
            "chemicals",
            "pressure_equipment",
            "local_exhaust_ventilation",
            "combustion_plant",
            "noisy_equipment",
            "automatic_doors",
            "racking",
        ],
        activities=["industrial_wastewater"],
        annual_energy_gwh="3.000",
        notes="Atelier d'usinage, ligne de traitement de surface, cabine de peinture, chaudière gaz 2,5 MW.",
    )
    services.profile_save(
        user=user,
        site=mou,
        equipment=["forklifts", "canteen", "racking"],
        notes="Assemblage, entrepôt d'expédition, restaurant d'entreprise.",
    )
    results = services.library_load_shipped(user=user)

    def assessment(site, key):
        return ComplianceAssessment.objects.select_related("requirement").get(site=site, requirement__key=key)

    people = org.people
    # The racking of Moulins was replaced by mobile shelving: the proposal is overridden.
    services.applicability_decide(
        user=user,
        assessment=assessment(mou, "racking-inspection"),
        is_applicable=False,
        justification="Rayonnages démontés en 2025, remplacés par des étagères mobiles légères.",
    )
    assessed_on = today - timedelta(days=20)
    for site, key in (
        (mtl, "duer"),
        (mtl, "prevention-principles"),
        (mtl, "electrical-inspection"),
        (mtl, "forklift-inspection"),
        (mou, "duer"),
        (mtl, "waste-register"),
    ):
        services.assessment_record(
            user=user,
            assessment=assessment(site, key),
            status="compliant",
            evidence="Documents consultés lors de l'état des lieux de novembre.",
            assessed_on=assessed_on,
            assessor=people["qsse_manager"],
        )
    services.assessment_record(
        user=user,
        assessment=assessment(mtl, "papripact"),
        status="partial",
        gap_severity="minor",
        gap_likelihood=2,
        gap_impact=2,
        comment="PAPRIPACT rédigé sans coût estimé ni indicateurs de résultat.",
        assessed_on=assessed_on,
        assessor=people["qsse_manager"],
        action_owner=people["qsse_manager"],
        action_due_on=today + timedelta(days=45),
    )
    services.assessment_record(
        user=user,
        assessment=assessment(mou, "forklift-inspection"),
        status="noncompliant",
        gap_severity="major",
        gap_likelihood=3,
        gap_impact=4,
        evidence="Registre de sécurité : dernière VGP des chariots il y a huit mois.",
        comment="VGP semestrielle des chariots en retard.",
        assessed_on=assessed_on,
        assessor=people["qsse_manager"],
        action_owner=people["moulins_manager"],
        action_due_on=today + timedelta(days=15),
    )
    _iso_45001_campaigns(mtl, user=user, people=people, today=today)
    return {
        "compliance_libraries": len(results),
        "compliance_assessments": ComplianceAssessment.objects.count(),
        "compliance_snapshots": ComplianceSnapshot.objects.count(),
    }


# ISO 45001 at Montluçon, first round (March): clause → (status, likelihood, impact, comment).
ISO_45001_MARCH = {
    "4.1": ("compliant", None, None, "Analyse du contexte SST faite en revue de direction."),
    "4.2": ("compliant", None, None, ""),
    "4.3": ("compliant", None, None, ""),
    "4.4": ("partial", 2, 2, "Processus SST décrits, interactions non cartographiées."),
    "5.1": ("compliant", None, None, ""),
    "5.2": ("compliant", None, None, "Politique SST signée par le directeur."),
    "5.3": ("compliant", None, None, ""),
    "5.4": ("partial", 2, 3, "Consultation des travailleurs limitée au CSE."),
    "6.1": ("partial", 3, 3, "DUER à jour, opportunités SST non identifiées."),
    "6.2": ("noncompliant", 3, 3, "Aucun objectif SST chiffré."),
    "7.1": ("compliant", None, None, ""),
    "7.2": ("compliant", None, None, ""),
    "7.3": ("compliant", None, None, ""),
    "7.4": ("partial", 2, 2, "Communication externe SST non planifiée."),
    "7.5": ("compliant", None, None, ""),
    "8.1": ("partial", 3, 4, "Maîtrise des entreprises extérieures incomplète (plans de prévention)."),
    "8.2": ("noncompliant", 3, 4, "Exercice d'évacuation non réalisé depuis 2024."),
    "9.1": ("partial", 2, 2, "Indicateurs SST suivis, sans évaluation de conformité formelle."),
    "9.2": ("noncompliant", 2, 3, "Pas d'audit interne SST."),
    "10.2": ("partial", 2, 3, "Analyse des accidents sans vérification de l'efficacité des actions."),
}
# Second round, three weeks ago: what changed since March.
ISO_45001_NOVEMBER = {
    "6.1": ("compliant", None, None, "Opportunités SST ajoutées au registre des risques."),
    "6.2": ("compliant", None, None, "Objectifs 2027 : TF < 10, zéro accident chariot."),
    "8.2": ("partial", 2, 4, "Évacuation exercée en octobre ; scénario incendie de la cabine non testé."),
    "9.2": ("compliant", None, None, "Audit interne SST du 14 octobre."),
    "9.3": ("compliant", None, None, "Revue de direction SST du 5 novembre."),
    "10.2": ("compliant", None, None, ""),
}


def _iso_45001_campaigns(site: Any, *, user: Any, people: dict[str, Any], today: date) -> None:
    from qsse.compliance import services
    from qsse.compliance.models import ComplianceAssessment, RequirementLibrary

    library = RequirementLibrary.objects.get(code="iso-45001-2018")
    assessments = {
        item.requirement.key: item
        for item in ComplianceAssessment.objects.select_related("requirement").filter(
            site=site, requirement__library=library
        )
    }
    march = today - timedelta(days=250)

    def assess(rounds: dict[str, tuple[str, int | None, int | None, str]], assessed_on: date) -> None:
        for key, (status, likelihood, impact, comment) in rounds.items():
            services.assessment_record(
                user=user,
                assessment=assessments[key],
                status=status,
                gap_likelihood=likelihood,
                gap_impact=impact,
                gap_severity=("major" if status == "noncompliant" else "minor") if likelihood else None,
                comment=comment,
                assessed_on=assessed_on,
                assessor=people["qsse_manager"],
                action_owner=people["qsse_manager"],
                action_due_on=today + timedelta(days=60),
            )
            assessments[key].refresh_from_db()

    assess(ISO_45001_MARCH, march)
    services.snapshot_take(
        user=user,
        library=library,
        site=site,
        label="État des lieux ISO 45001 de mars",
        taken_on=march,
    )
    assess(ISO_45001_NOVEMBER, today - timedelta(days=20))

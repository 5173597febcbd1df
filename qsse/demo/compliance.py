"""Demo data of the compliance module: the story of MBP (see the demo organisation).

MBP loads the starter libraries shipped with OpenQSSE, declares what its two sites hold
(Montluçon: ICPE 2560, 2565, 2910, 2940, 1510, forklifts, chemicals, a compressed-air station and
local exhaust; Moulins: a canteen, forklifts in the shipping warehouse), lets applicability be
proposed, overrides one proposal with a justification, and assesses a first set of OHS
requirements: the forklift inspection at Moulins is overdue (non-compliant, an action opened),
the PAPRIPACT is only partly written.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def seed_compliance(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the compliance records of the demo organisation; returns counts by kind for the summary."""
    from qsse.compliance import services
    from qsse.compliance.models import ComplianceAssessment

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
        evidence="Registre de sécurité : dernière VGP des chariots il y a huit mois.",
        comment="VGP semestrielle des chariots en retard.",
        assessed_on=assessed_on,
        assessor=people["qsse_manager"],
        action_owner=people["moulins_manager"],
        action_due_on=today + timedelta(days=15),
    )
    return {
        "compliance_libraries": len(results),
        "compliance_assessments": ComplianceAssessment.objects.count(),
    }

"""The starter libraries load, and their proposals for the demo company's Montluçon site read right."""

import pytest

from qsse.compliance import services
from qsse.compliance.models import ComplianceAssessment, Requirement, RequirementLibrary
from qsse.core.choices import Role

pytestmark = pytest.mark.django_db


def test_shipped_libraries_load_and_are_idempotent(member, site_a):
    manager = member(Role.QSSE_MANAGER, all_sites=True)
    site_a.headcount = 95
    site_a.save()
    services.profile_save(
        user=manager.user,
        site=site_a,
        icpe_rubriques=["2560", "2565", "2910", "2940", "1510"],
        equipment=["forklifts", "chemicals", "pressure_equipment", "local_exhaust_ventilation"],
    )
    results = services.library_load_shipped(user=manager.user)
    assert [len(r.diff.added) for r in results] == [21, 13, 35, 32, 30, 33, 5]
    assert services.library_load_shipped(user=manager.user) == []
    assert RequirementLibrary.objects.count() == 7
    assert Requirement.objects.filter(to_verify=True).count() == 18  # MASE axes 3 and 4 included

    def applicable(key):
        return ComplianceAssessment.objects.get(site=site_a, requirement__key=key).is_applicable

    # company of 125 (factory organisation): PAPRIPACT yes, BEGES (> 500) no
    assert applicable("papripact") and not applicable("beges")
    assert applicable("icpe-2910-combustion") and applicable("forklift-inspection")
    assert not applicable("lifting-equipment-inspection") and not applicable("tertiary-decree")
    # headcount 95 > 50 on the site: fire drills apply
    assert applicable("fire-drills")

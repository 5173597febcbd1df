"""The demo story of the compliance module, on the demo company's two sites."""

from datetime import date
from types import SimpleNamespace

import pytest

from qsse.actions.models import Action
from qsse.compliance.models import ComplianceAssessment
from qsse.core.choices import Role
from qsse.demo.compliance import seed_compliance
from qsse.organization.tests.factories import SiteFactory, make_member

pytestmark = pytest.mark.django_db


def test_seed_compliance():
    mtl = SiteFactory(code="MTL", name="Montluçon", headcount=95)
    mou = SiteFactory(code="MOU", name="Moulins", headcount=30)
    manager = make_member(Role.QSSE_MANAGER, site=mtl, all_sites=True)
    moulins_manager = make_member(Role.PROCESS_OWNER, site=mou)
    org = SimpleNamespace(
        sites={"MTL": mtl, "MOU": mou}, people={"qsse_manager": manager, "moulins_manager": moulins_manager}
    )
    counts = seed_compliance(org=org, user=manager.user, processes={}, today=date(2026, 12, 1))
    # 6 libraries × 2 sites: (21 + 13 + 35 + 32 + 30 + 33) = 164 requirements × 2 = 328 assessments
    assert counts == {"compliance_libraries": 6, "compliance_assessments": 328}
    assert Action.objects.count() == 2
    forklift = ComplianceAssessment.objects.get(site=mou, requirement__key="forklift-inspection")
    assert forklift.status == "noncompliant" and forklift.action.owner == moulins_manager
    assert not ComplianceAssessment.objects.get(site=mou, requirement__key="racking-inspection").is_applicable
    assert ComplianceAssessment.objects.get(site=mtl, requirement__key="energy-audit").is_applicable

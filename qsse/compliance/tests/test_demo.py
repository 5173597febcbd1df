"""The demo story of the compliance module, on the demo company's two sites."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from qsse.actions.models import Action
from qsse.compliance import selectors
from qsse.compliance.models import ComplianceAssessment, ComplianceSnapshot, RequirementLibrary
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
    # 7 libraries × 2 sites: (21 + 13 + 35 + 32 + 30 + 33 + 5) = 169 requirements × 2 = 338 assessments
    assert counts == {"compliance_libraries": 7, "compliance_assessments": 338, "compliance_snapshots": 1}
    # 2 regulatory gaps + the 10 gaps of the March ISO 45001 round (8.2, still partial in
    # November, keeps its action)
    assert Action.objects.count() == 12
    forklift = ComplianceAssessment.objects.get(site=mou, requirement__key="forklift-inspection")
    assert forklift.status == "noncompliant" and forklift.action.owner == moulins_manager
    # Rated on the "compliance" matrix created by the demo: 3 × 4 = 12, Critique
    assert forklift.gap_label == "3 × 4 = 12 – Critique"
    assert not ComplianceAssessment.objects.get(site=mou, requirement__key="racking-inspection").is_applicable
    assert ComplianceAssessment.objects.get(site=mtl, requirement__key="energy-audit").is_applicable


def test_demo_iso_45001_progress():
    """March: 10 compliant, 7 partial, 3 non-compliant of 23 clauses → (10 + 3.5) / 20 = 67.5 %.
    November: 15 compliant, 6 partial, 2 still to assess → (15 + 3) / 21 = 85.7 %."""
    mtl = SiteFactory(code="MTL", name="Montluçon", headcount=95)
    mou = SiteFactory(code="MOU", name="Moulins", headcount=30)
    manager = make_member(Role.QSSE_MANAGER, site=mtl, all_sites=True)
    org = SimpleNamespace(
        sites={"MTL": mtl, "MOU": mou},
        people={"qsse_manager": manager, "moulins_manager": make_member(Role.PROCESS_OWNER, site=mou)},
    )
    seed_compliance(org=org, user=manager.user, processes={}, today=date(2026, 11, 25))
    library = RequirementLibrary.objects.get(code="iso-45001-2018")
    (march,) = ComplianceSnapshot.objects.all()
    assert (march.site, march.taken_on, march.rate) == (mtl, date(2026, 3, 20), Decimal("67.5"))
    assert march.clauses["6"]["rate"] == "25.0" and march.clauses["8"]["rate"] == "25.0"
    now = selectors.gap_analysis(manager.user, library, site=mtl)
    assert (now.overall.rate, now.overall.coverage) == (Decimal("85.7"), Decimal("91.3"))
    main = {row.clause.key: row.clause.rate.rate for row in now.main_rows}
    assert (main["6"], main["8"]) == (Decimal("100.0"), Decimal("50.0"))

"""The demo story of periodic inspections, on the demo company's two sites."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.demo.inspections import seed_inspections
from qsse.inspections import selectors
from qsse.inspections.models import Equipment, InspectionSchedule, InspectionVisit
from qsse.organization.tests.factories import SiteFactory, make_member

pytestmark = pytest.mark.django_db


def test_seed_inspections():
    mtl = SiteFactory(code="MTL", name="Montluçon", headcount=95)
    mou = SiteFactory(code="MOU", name="Moulins", headcount=30)
    manager = make_member(Role.QSSE_MANAGER, site=mtl, all_sites=True)
    moulins_manager = make_member(Role.PROCESS_OWNER, site=mou)
    org = SimpleNamespace(
        sites={"MTL": mtl, "MOU": mou}, people={"qsse_manager": manager, "moulins_manager": moulins_manager}
    )
    today = date(2026, 11, 25)
    counts = seed_inspections(org=org, user=manager.user, processes={}, today=today)
    assert counts == {"inspection_equipment": 18, "inspection_visits": 23}
    assert Equipment.objects.filter(site=mou).count() == 6
    # The Moulins shipping forklift: last VGP 215 days ago, due every 6 months → overdue.
    forklift = InspectionSchedule.objects.get(equipment__identifier="CE-MOU-01")
    assert forklift.last_done_on == today - timedelta(days=215)
    assert forklift.next_due_on == date(2026, 10, 24) and forklift.next_due_on < today
    overdue = {line.equipment.identifier for line in selectors.overdue_lines(None, today)}
    assert overdue == {"CE-MOU-01", "RACK-MTL"}
    assert selectors.status_counts(manager.user, today=today)["due_soon"] >= 4
    # Two observations turned into actions: the electrical RCD (Montluçon) and the ladder (Moulins).
    assert Action.objects.count() == 2
    ladder = Equipment.objects.get(identifier="ESC-MOU-03")
    assert ladder.is_use_forbidden
    assert InspectionVisit.objects.filter(result="unsafe").count() == 1
    assert Action.objects.get(site=mou).owner == moulins_manager

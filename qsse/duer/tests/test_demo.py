"""MBP's DUER as the demo seeds it: every demo work unit assessed, one version frozen last
November, the draft reworked since, measures turned into the actions of this year's PAPRIPACT."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from qsse.core.choices import Role
from qsse.demo import company
from qsse.duer import selectors
from qsse.duer.demo import seed_duer
from qsse.duer.models import Duer, Hazard
from qsse.organization.tests.factories import SiteFactory, WorkUnitFactory, make_member

pytestmark = pytest.mark.django_db

PEOPLE = ("machining", "maintenance", "surface", "hr", "lead_logistics", "moulins_manager")


def test_seed_duer():
    sites = {
        "MTL": SiteFactory(code="MTL", name="Montluçon", headcount=95),
        "MOU": SiteFactory(code="MOU", name="Moulins", headcount=30),
    }
    work_units = {
        key: WorkUnitFactory(site=sites[code], name=name, headcount=headcount)
        for key, code, _department, name, headcount, _description in company.WORK_UNITS
    }
    manager = make_member(Role.QSSE_MANAGER, site=sites["MTL"], all_sites=True)
    people = {"qsse_manager": manager}
    for key in PEOPLE:
        people[key] = make_member(Role.PROCESS_OWNER, site=sites["MTL"], username=key)
    organisation = sites["MTL"].organization
    org = SimpleNamespace(sites=sites, work_units=work_units, people=people, organization=organisation)
    today = date(2026, 11, 25)

    counts = seed_duer(org=org, user=manager.user, processes={}, today=today)

    assert counts == {"duer_hazards": 18, "duer_versions": 1, "duer_actions": 16}
    duer = Duer.objects.get()
    # Every demo work unit has at least one hazard.
    assert set(Hazard.objects.values_list("work_unit_id", flat=True)) == {
        unit.pk for unit in work_units.values()
    }
    version = duer.versions.get()
    assert (version.number, version.frozen_on, version.headcount) == (1, date(2025, 11, 14), 125)
    frozen = {h["sub_danger"]: h for u in version.content["work_units"] for h in u["hazards"]}
    # Forklifts: 3 × 4 = 12, control 1 in the version (12.00), control 2 in the draft (9.00).
    assert frozen["Chariots élévateurs"]["residual_score"] == "12.00"
    assert Hazard.objects.get(sub_danger="Chariots élévateurs").residual_score == Decimal("9.00")
    assert "Solvants" not in frozen  # added to the draft after the version
    status = selectors.update_status(duer, today=today)
    assert (status.requires_papripact, status.next_update_on, status.is_overdue) == (
        True,
        date(2026, 11, 14),
        True,
    )
    programme = selectors.programme_actions(manager.user, duer, year=2026)
    assert len(programme) == 16
    # Road risk and forklifts both 12 × 0.75 = 9.00, raw 12, gravity 4: 30 people exposed before 8.
    ranked = selectors.ranking(manager.user, duer)
    assert [hazard.sub_danger for hazard in ranked[:2]] == ["Risque routier", "Chariots élévateurs"]


@pytest.fixture
def demo(demo_company):
    """The demo company, seeded once for the run (see the root conftest)."""
    return demo_company


def test_demo_accidents_feed_the_duer(demo, db):
    """Five analysed accidents linked to their DUER hazards; the two recent ones (the kitchen fall,
    the near miss at the crossing of aisle B) leave their hazards to re-evaluate."""
    from qsse.duer.models import HazardFeedback

    assert demo.modules["duer_feedback"] == 5
    assert HazardFeedback.objects.count() == 5
    waiting = Hazard.objects.filter(needs_review=True).order_by("work_unit__name")
    assert [(hazard.work_unit.name, hazard.sub_danger) for hazard in waiting] == [
        ("Entrepôt et logistique (chariots élévateurs)", "Chariots élévateurs"),
        ("Restaurant d'entreprise", "Glissades"),
    ]
    forklift = waiting[0]
    assert forklift.feedback.count() == 2
    assert forklift.review_reason.endswith("Chariot et piéton au croisement de l'allée B")

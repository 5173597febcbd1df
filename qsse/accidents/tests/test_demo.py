"""The demo story of the accident register on the demo company's two sites."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from qsse.accidents import calculations, selectors
from qsse.accidents.models import Accident, CauseLink, CauseNode, HoursWorked
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.demo.accidents import seed_accidents
from qsse.organization.tests.factories import SiteFactory, make_member

pytestmark = pytest.mark.django_db


def test_seed_accidents():
    mtl = SiteFactory(code="MTL", name="Montluçon", headcount=95)
    mou = SiteFactory(code="MOU", name="Moulins", headcount=30)
    manager = make_member(Role.QSSE_MANAGER, site=mtl, all_sites=True)
    org = SimpleNamespace(sites={"MTL": mtl, "MOU": mou}, people={"qsse_manager": manager})
    counts = seed_accidents(org=org, user=manager.user, processes={}, today=date(2026, 11, 25))
    assert counts == {"accidents": 15, "accident_facts": 23, "hours_months": 48}
    assert HoursWorked.objects.filter(site=mtl).count() == 24
    assert Accident.objects.filter(kind="near_miss").count() == 4
    # Eleven causes turned into actions; the forklift collision's tree has a conjunction at the injury.
    assert Action.objects.count() == 11
    forklift = Accident.objects.get(title__startswith="Collision")
    root = CauseNode.objects.get(accident=forklift, is_root=True)
    links = [calculations.Link(c, e) for c, e in CauseLink.objects.values_list("cause_id", "effect_id")]
    assert calculations.effect_link_kind(root.pk, links) == calculations.CONJUNCTION
    rack = CauseNode.objects.get(accident=forklift, text__startswith="Le rayonnage")
    assert calculations.is_disjunction(rack.pk, links)
    # Rolling 12 months to October 2026, both sites: 3 accidents with lost time (9 May, 28 June,
    # 9 October: 4 + 12 + 9 = 25 days), 2 without; hours: Montluçon 8 × 12,730 + 10,820 (December)
    # + 2 × 12,864 (June, July) + 7,002 (August) = 145,390; Moulins 8 × 4,020 + 3,417 + 2 × 4,154
    # + 2,211 = 46,096; total 191,486.
    rows = selectors.rates_by_month([mtl.pk, mou.pk], date(2026, 10, 1))
    latest = rows[-1]
    assert latest.rolling.hours_worked == Decimal(191486)
    assert latest.rolling_rates.tf == Decimal("15.67")  # 3,000,000 / 191,486
    assert latest.rolling_rates.tf2 == Decimal("26.11")  # 5,000,000 / 191,486
    assert latest.rolling_rates.tg == Decimal("0.13")  # 25,000 / 191,486
    # The last accident with lost time: 47 days before; at Montluçon, the lumbago 150 days before.
    assert selectors.days_without_accident([mtl.pk, mou.pk], date(2026, 11, 25)) == 47
    assert selectors.days_without_accident([mtl.pk], date(2026, 11, 25)) == 150


def test_seed_accidents_on_the_demo_organisation():
    """With the demo's people and work units: the victims are named and the units linked."""
    from qsse.demo.seeding import build_organisation

    org = build_organisation()
    user = org.people["qsse_manager"].user
    seed_accidents(org=org, user=user, processes={}, today=date(2026, 11, 25))
    forklift = Accident.objects.get(title__startswith="Collision")
    assert forklift.work_unit == org.work_units["warehouse"]
    assert forklift.victim_record.victim == org.people["lead_logistics"]
    assert forklift.victim_record.lesion_seat == "foot"
    named = Accident.objects.filter(victim_record__victim__isnull=False).count()
    # The ten injuries (six with lost time, one commuting, three without lost time) have their victim.
    assert named == 10

"""The demo story of retention on the demo company's main site: the temp worker who left and his
old accident file are past retention and flagged; the assistant who left two years ago is not."""

from datetime import date
from types import SimpleNamespace

import pytest

from qsse.core.choices import Role
from qsse.core.models import Notification
from qsse.demo.retention import seed_retention
from qsse.organization.models import Person
from qsse.organization.tests.factories import SiteFactory, WorkUnitFactory, make_member
from qsse.retention import selectors
from qsse.retention.models import InventoryNote, PurgeOperation

pytestmark = pytest.mark.django_db


def test_seed_retention():
    mtl = SiteFactory(code="MTL", name="Montluçon", headcount=95)
    machining = WorkUnitFactory(site=mtl, name="Usinage")
    manager = make_member(Role.QSSE_MANAGER, site=mtl, all_sites=True)
    org = SimpleNamespace(
        sites={"MTL": mtl}, work_units={"machining": machining}, people={"qsse_manager": manager}
    )
    today = date(2026, 11, 25)
    counts = seed_retention(org=org, user=manager.user, processes={}, today=today)
    assert counts == {"retention_record_types": 7, "retention_flagged": 2}
    rows = {row.record_type.code: row for row in selectors.schedule(manager.user, today)}
    # Dylan Perrin left on 28 June 2019 (retention ended 28 June 2024); Sandrine Lefèvre on
    # 30 September 2024 (ends 30 September 2029).
    assert (rows["former-people"].held_count, rows["former-people"].past_count) == (2, 1)
    # His accident of 12 March 2018 (ended 12 March 2023).
    assert (rows["accident-victims"].held_count, rows["accident-victims"].past_count) == (1, 1)
    operations = PurgeOperation.objects.order_by("record_type__code")
    assert [(op.record_type.code, op.flagged_count) for op in operations] == [
        ("accident-victims", 1),
        ("former-people", 1),
    ]
    assert Notification.objects.filter(recipient=manager.user, kind="retention_flagged").count() == 2
    assert InventoryNote.objects.get(provider_key="accidents.victims").notes.startswith("Durée de 5 ans")
    dylan = Person.objects.get(last_name="Perrin")
    assert not dylan.is_active and dylan.work_unit == machining

"""The demo story of the ICPE status on the demo company's two sites, worked by hand:
Montluçon 2910-A 2.5 + 0.4 = 2.9 MW (DC), 2560 620 kW (DC), 2565-2 4 800 l (E), 2940-2 45 kg/d (DC),
1510 6 500 m³ (DC), 4331 8 t, 2925-1 35 kW, 1185-2-a 180 kg (NC) → E; Moulins 1510 12 000 m³ (DC) → DC."""

from datetime import date
from types import SimpleNamespace

import pytest

from qsse.core.choices import Role
from qsse.demo.icpe import seed_icpe
from qsse.icpe import selectors
from qsse.organization.tests.factories import SiteFactory, make_member

pytestmark = pytest.mark.django_db


def test_seed_icpe():
    mtl = SiteFactory(code="MTL", name="Montluçon")
    mou = SiteFactory(code="MOU", name="Moulins")
    manager = make_member(Role.QSSE_MANAGER, site=mtl, all_sites=True)
    org = SimpleNamespace(sites={"MTL": mtl, "MOU": mou}, people={"qsse_manager": manager})
    today = date(2026, 11, 25)
    counts = seed_icpe(org=org, user=manager.user, processes={}, today=today)
    assert counts == {"icpe_installations": 12, "icpe_quantities": 12, "icpe_controls": 3}
    montlucon = selectors.site_status(manager.user, mtl)
    assert {row.code: row.regime for row in montlucon.rows} == {
        "1185-2-a": "NC",
        "1510": "DC",
        "2560": "DC",
        "2565-2": "E",
        "2910-A": "DC",
        "2925-1": "NC",
        "2940-2": "DC",
        "4331": "NC",
    }
    assert montlucon.regime == "E" and montlucon.seveso == "none"
    moulins = selectors.site_status(manager.user, mou)
    assert moulins.regime == "DC"
    lines = selectors.control_reminders(manager.user, today)
    reminders = {(r.site.code, r.rubrique.code): r.status for r in lines}
    assert reminders[("MOU", "1510")] == "overdue"
    assert reminders[("MTL", "2910-A")] == "up_to_date"
    assert reminders[("MTL", "2560")] == "overdue"

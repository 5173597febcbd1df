"""Site scope and roles on the accident pages and API: a record of another site does not exist for
the user (404), lists hold only the user's sites, hours are entered by the QSSE roles only, and the
victim's data stays hidden from every role but the administrator and the QSSE manager."""

import html

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role

from .factories import make_accident

pytestmark = pytest.mark.django_db


@pytest.fixture
def moulins_accident(manager, site_b):
    return make_accident(
        manager.user, site_b, title="Doigt pincé à Moulins", lesion_details="Hématome sous-unguéal"
    )


def test_other_site_is_hidden(client, member, site_a, moulins_accident):
    owner = member(Role.PROCESS_OWNER, site=site_a, username="owner")
    client.force_login(owner.user)
    assert client.get(moulins_accident.get_absolute_url()).status_code == 404
    assert "Doigt pincé" not in html.unescape(client.get("/accidents/").content.decode())
    api = APIClient()
    api.force_authenticate(owner.user)
    assert api.get(f"/api/v1/accidents/accidents/{moulins_accident.pk}/").status_code == 404
    assert api.get("/api/v1/accidents/accidents/").json()["count"] == 0


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.QSSE_MANAGER, True),
        (Role.PROCESS_OWNER, False),
        (Role.AUDITOR, False),
        (Role.CONTRIBUTOR, False),
        (Role.READER, False),
    ],
)
def test_medical_details_by_role(client, member, site_b, moulins_accident, role, sees):
    person = member(role, site=site_b, username=f"user-{role}")
    client.force_login(person.user)
    text = html.unescape(client.get(moulins_accident.get_absolute_url()).content.decode())
    assert ("Hématome sous-unguéal" in text) is sees
    assert ("Données personnelles : accès restreint" in text) is not sees


def test_hours_grid_read_only_for_other_roles(client, member, site_a):
    owner = member(Role.PROCESS_OWNER, site=site_a, username="owner")
    client.force_login(owner.user)
    page = client.get(f"/accidents/hours/?site={site_a.pk}&year=2026")
    assert page.status_code == 200 and 'name="hours_1"' not in page.content.decode()
    assert client.post(f"/accidents/hours/?site={site_a.pk}&year=2026", {"hours_1": "100"}).status_code == 403

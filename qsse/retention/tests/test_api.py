"""/api/v1/retention/: record types, schedule, purge log and inventory, read-only, for the
administrator and the QSSE manager; 403 for the other roles."""

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.retention import services
from qsse.retention.models import RecordType

pytestmark = pytest.mark.django_db
BASE = "/api/v1/retention/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_record_types(manager):
    response = api(manager).get(f"{BASE}record-types/")
    assert response.status_code == 200
    by_code = {item["code"]: item for item in response.json()["results"]}
    assert by_code["former-people"]["period_years"] == 5
    assert by_code["accident-victims"]["to_verify"] is True


def test_schedule(manager, story):
    rows = {row["record_type"]["code"]: row for row in api(manager).get(f"{BASE}schedule/").json()}
    assert rows["accident-victims"]["past_count"] == 1
    assert rows["former-people"]["held_count"] == 2
    assert rows["duer"]["past_count"] is None


def test_purge_log(manager, story):
    operation = services.purge_flag(record_type=RecordType.objects.get(code="accident-victims"))
    services.purge_execute(user=manager.user, operation=operation)
    item = api(manager).get(f"{BASE}purges/").json()["results"][0]
    assert item["reference"] == operation.reference and item["status"] == "done"
    assert item["identifiers"][0]["id"] == story["old"].reference
    assert api(manager).get(f"{BASE}purges/{operation.pk}/").status_code == 200


def test_inventory(manager, story):
    entries = {entry["key"]: entry for entry in api(manager).get(f"{BASE}inventory/").json()}
    assert entries["accidents.victims"]["special_category"] is True
    assert entries["accidents.victims"]["held"] == 2


@pytest.mark.parametrize("role", [Role.READER, Role.CONTRIBUTOR, Role.AUDITOR, Role.PROCESS_OWNER])
def test_other_roles_refused(member, role):
    client = api(member(role))
    for path in ("record-types/", "schedule/", "purges/", "inventory/"):
        assert client.get(f"{BASE}{path}").status_code == 403, path


def test_read_only(manager):
    assert api(manager).post(f"{BASE}record-types/", {"code": "x"}).status_code == 405

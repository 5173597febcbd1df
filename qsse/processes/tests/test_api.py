"""REST API of the process map: /api/v1/processes/ and /api/v1/process-interactions/."""

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.processes import services
from qsse.processes.models import Process, ProcessInteraction

pytestmark = pytest.mark.django_db

PROCESSES = "/api/v1/processes/"
INTERACTIONS = "/api/v1/process-interactions/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def owner(member):
    return member(Role.PROCESS_OWNER, username="pilot")


@pytest.fixture
def processes(make_process, owner):
    return {
        "R01": make_process("R01", name="Sales", owner=owner),
        "R02": make_process("R02", name="Machining"),
        "S01": make_process("S01", kind="support", name="Maintenance"),
    }


def test_anonymous_is_refused():
    assert APIClient().get(PROCESSES).status_code in (401, 403)


def test_reader_lists_and_filters(member, processes):
    client = api(member(Role.READER))
    response = client.get(PROCESSES)
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["R01", "R02", "S01"]
    response = client.get(PROCESSES, {"kind": "support"})
    assert [row["code"] for row in response.json()["results"]] == ["S01"]
    row = client.get(f"{PROCESSES}{processes['R01'].pk}/").json()
    assert (row["owner_name"], row["kind"], row["is_active"]) == (
        processes["R01"].owner.full_name,
        "realisation",
        True,
    )


def test_reader_cannot_write(member, processes):
    client = api(member(Role.READER))
    assert client.post(PROCESSES, {"code": "X1", "name": "X", "kind": "support"}).status_code == 403
    assert client.patch(f"{PROCESSES}{processes['R02'].pk}/", {"purpose": "x"}).status_code == 403
    assert client.delete(f"{PROCESSES}{processes['R02'].pk}/").status_code == 403
    assert not Process.objects.filter(code="X1").exists()
    assert Process.objects.get(pk=processes["R02"].pk).is_active


def test_manager_creates_through_the_service(manager):
    response = api(manager).post(
        PROCESSES, {"code": "m01", "name": "Strategy", "kind": "management"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "M01"
    assert response.json()["position"] == 0


def test_duplicate_code_is_a_400_with_field_error(manager, processes):
    response = api(manager).post(
        PROCESSES, {"code": "R01", "name": "Other", "kind": "realisation"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()
    assert Process.objects.filter(code="R01").count() == 1


def test_owner_patches_own_sheet_only(owner, processes):
    client = api(owner)
    url = f"{PROCESSES}{processes['R01'].pk}/"
    assert client.patch(url, {"purpose": "Turn needs into orders"}, format="json").status_code == 200
    assert Process.objects.get(pk=processes["R01"].pk).purpose == "Turn needs into orders"
    assert client.patch(url, {"name": "Renamed"}, format="json").status_code == 403
    assert (
        client.patch(f"{PROCESSES}{processes['R02'].pk}/", {"purpose": "x"}, format="json").status_code == 403
    )
    assert client.post(PROCESSES, {"code": "X1", "name": "X", "kind": "support"}).status_code == 403
    assert Process.objects.get(pk=processes["R01"].pk).name == "Sales"


def test_delete_deactivates(manager, processes):
    response = api(manager).delete(f"{PROCESSES}{processes['R02'].pk}/")
    assert response.status_code == 204
    process = Process.objects.get(pk=processes["R02"].pk)
    assert process.is_active is False


def test_interactions_create_list_delete(manager, owner, processes):
    client = api(owner)
    response = client.post(
        INTERACTIONS,
        {"source": processes["R01"].pk, "target": processes["R02"].pk, "flow": "Orders"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["source_code"], response.json()["target_code"]) == ("R01", "R02")
    # Same flow again, and a process with itself: 400 with the field named.
    again = client.post(
        INTERACTIONS,
        {"source": processes["R01"].pk, "target": processes["R02"].pk, "flow": "orders"},
        format="json",
    )
    assert again.status_code == 400 and "flow" in again.json()
    self_loop = client.post(
        INTERACTIONS,
        {"source": processes["R01"].pk, "target": processes["R01"].pk, "flow": "x"},
        format="json",
    )
    assert self_loop.status_code == 400 and "target" in self_loop.json()
    # Not the owner of the source: refused.
    refused = client.post(
        INTERACTIONS,
        {"source": processes["R02"].pk, "target": processes["R01"].pk, "flow": "Parts"},
        format="json",
    )
    assert refused.status_code == 403
    listed = client.get(INTERACTIONS, {"source": processes["R01"].pk}).json()["results"]
    assert [row["flow"] for row in listed] == ["Orders"]
    assert client.delete(f"{INTERACTIONS}{listed[0]['id']}/").status_code == 204
    assert not ProcessInteraction.objects.exists()


def test_interaction_delete_refused_to_others(member, manager, processes):
    interaction = services.interaction_add(
        user=manager.user, source=processes["R02"], target=processes["S01"], flow="Maintenance requests"
    )
    for role in (Role.READER, Role.PROCESS_OWNER, Role.AUDITOR):
        response = api(member(role)).delete(f"{INTERACTIONS}{interaction.pk}/")
        assert response.status_code == 403
    assert ProcessInteraction.objects.filter(pk=interaction.pk).exists()

"""The action API: scoped CRUD, filters, field-level errors in the user's language, workflow endpoints."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import Notification

from .factories import make_action, make_done, make_nc, today

pytestmark = pytest.mark.django_db

URL = "/api/v1/actions/"


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager")


@pytest.fixture
def operator(member):
    return member(Role.CONTRIBUTOR, username="operator")


def api(person, language="fr"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(person.user)
    return client


def test_list_is_scoped_and_filtered(manager, member, site_a, site_b):
    boss = member(Role.QSSE_MANAGER, all_sites=True, username="boss")
    late = make_action(user=manager.user, site=site_a, due_in=-4, title="Sharpen the drill bits")
    make_done(make_action(user=manager.user, site=site_a, title="Retrain night shift"), manager.user)
    make_action(user=boss.user, site=site_b, title="Moulins canteen hood")
    client = api(manager)
    body = client.get(URL).json()
    assert body["count"] == 2
    assert {row["title"] for row in body["results"]} == {"Sharpen the drill bits", "Retrain night shift"}
    overdue = client.get(URL, {"overdue": "true"}).json()["results"]
    assert [(row["reference"], row["is_overdue"], row["days_late"]) for row in overdue] == [
        (late.reference, True, 4)
    ]
    assert [row["title"] for row in client.get(URL, {"status": "done"}).json()["results"]] == [
        "Retrain night shift"
    ]
    assert client.get(URL, {"site": site_a.pk, "search": "drill"}).json()["count"] == 1


def test_create_through_the_service(manager, operator, site_a):
    nc = make_nc(site_a)
    response = api(manager).post(
        URL,
        {
            "title": "Replace the worn insert",
            "owner": operator.pk,
            "due_on": (today() + timedelta(days=12)).isoformat(),
            "type": "corrective",
            "priority": 3,
            "origin_type": "nonconformities.nonconformity",
            "origin_id": nc.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    action = Action.objects.get()
    assert body["reference"] == action.reference == f"ACT-{today().year}-0001"
    assert body["origin_type"] == "nonconformities.nonconformity"
    assert body["origin_label"] == str(nc)
    assert body["site"] == site_a.pk  # taken from the origin
    assert Notification.objects.filter(recipient=operator.user, kind="action_assigned").count() == 1


def test_validation_errors_are_field_level_and_in_french(manager, operator):
    due = today() + timedelta(days=10)
    response = api(manager, "fr").post(
        URL,
        {"owner": operator.pk, "due_on": due.isoformat(), "estimated_cost": "-3"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "title": ["Ce champ est obligatoire."],
        "estimated_cost": ["Assurez-vous que cette valeur est supérieure ou égale à\xa00."],
    }
    # A rule of the model, reported by the service, on its field too.
    response = api(manager, "fr").post(
        URL,
        {
            "title": "Check the gauge",
            "owner": operator.pk,
            "due_on": due.isoformat(),
            "efficacy_check_due_on": (due - timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "efficacy_check_due_on": [
            "La vérification de l'efficacité ne peut pas être planifiée avant l'échéance."
        ]
    }
    english = api(manager, "en").post(URL, {"owner": operator.pk, "due_on": due.isoformat()}, format="json")
    assert english.json() == {"title": ["This field is required."]}
    assert Action.objects.count() == 0


def test_reader_cannot_create_403(member):
    reader = member(Role.READER)
    response = api(reader).post(URL, {"title": "X", "owner": reader.pk, "due_on": today().isoformat()})
    assert response.status_code == 403
    assert Action.objects.count() == 0


def test_other_site_record_is_404(member, site_b):
    boss = member(Role.QSSE_MANAGER, all_sites=True, username="boss")
    action = make_action(user=boss.user, site=site_b)
    stranger = member(Role.QSSE_MANAGER, username="montlucon-manager")  # site A only
    client = api(stranger)
    assert client.get(f"{URL}{action.pk}/").status_code == 404
    assert client.patch(f"{URL}{action.pk}/", {"title": "X"}, format="json").status_code == 404
    assert client.delete(f"{URL}{action.pk}/").status_code == 404


def test_update_and_partial_update(manager, operator, member):
    action = make_action(user=manager.user, owner=manager)
    client = api(manager)
    response = client.patch(f"{URL}{action.pk}/", {"owner": operator.pk, "progress": 30}, format="json")
    assert response.status_code == 200
    assert (response.json()["owner"], response.json()["progress"]) == (operator.pk, 30)
    assert Notification.objects.filter(recipient=operator.user, kind="action_assigned").count() == 1
    response = client.put(
        f"{URL}{action.pk}/",
        {
            "title": "New title",
            "owner": operator.pk,
            "due_on": action.due_on.isoformat(),
            "type": "preventive",
        },
        format="json",
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.title, action.type, action.progress) == ("New title", "preventive", 30)
    bad = client.patch(f"{URL}{action.pk}/", {"progress": 120}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["progress"]


def test_contributor_cannot_edit_someone_elses_action_403(manager, operator):
    action = make_action(user=manager.user, owner=manager)
    response = api(operator).patch(f"{URL}{action.pk}/", {"title": "Mine now"}, format="json")
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Deburr the shaft ends"


def test_set_status_endpoint(manager):
    action = make_action(user=manager.user)
    client = api(manager)
    response = client.post(f"{URL}{action.pk}/set-status/", {"status": "done"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["progress"]) == ("done", 100)
    refused = client.post(f"{URL}{action.pk}/set-status/", {"status": "checked"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["status"]


def test_check_efficacy_endpoint_both_branches(manager, site_a):
    nc = make_nc(site_a)
    effective = make_done(make_action(user=manager.user, origin=nc), manager.user)
    client = api(manager)
    response = client.post(f"{URL}{effective.pk}/check-efficacy/", {"result": "effective"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["efficacy_result"]) == ("checked", "effective")

    failing = make_done(make_action(user=manager.user, origin=nc), manager.user)
    response = client.post(
        f"{URL}{failing.pk}/check-efficacy/",
        {"result": "not_effective", "comment": "Burrs again", "follow_up": "new_action"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["follow_up_of"] == failing.pk
    assert response.json()["origin_label"] == str(nc)

    not_done = make_action(user=manager.user)
    response = client.post(f"{URL}{not_done.pk}/check-efficacy/", {"result": "effective"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["status"]


def test_check_efficacy_needs_the_closing_right(manager, operator):
    action = make_done(make_action(user=manager.user, owner=operator), manager.user)
    response = api(operator).post(f"{URL}{action.pk}/check-efficacy/", {"result": "effective"}, format="json")
    assert response.status_code == 403


def test_destroy_needs_delete(manager, member):
    action = make_action(user=manager.user)
    process_owner = member(Role.PROCESS_OWNER)
    assert api(process_owner).delete(f"{URL}{action.pk}/").status_code == 403
    assert api(manager).delete(f"{URL}{action.pk}/").status_code == 204
    assert not Action.objects.exists()


def test_schema_has_the_action_endpoints(client, manager):
    client.force_login(manager.user)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/v1/actions/{id}/set-status/" in content
    assert "/api/v1/actions/{id}/check-efficacy/" in content

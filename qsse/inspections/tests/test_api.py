"""/api/v1/inspections/: catalogue, equipment, schedule (filters), visits through the service,
observation → action; rights and sites."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.inspections import services
from qsse.inspections.calculations import add_months
from qsse.inspections.models import InspectionVisit, Observation

from .factories import line_of, make_equipment

pytestmark = pytest.mark.django_db
BASE = "/api/v1/inspections/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def forklift(manager, site_b, today):
    equipment = make_equipment(manager.user, site_b, name="Chariot Toyota", identifier="CE-MOU-01")
    services.schedule_update(
        user=manager.user, line=line_of(equipment, "forklift-vgp"), last_done_on=today - timedelta(days=200)
    )
    return equipment


def test_catalogue_types(manager):
    response = api(manager).get(f"{BASE}types/", {"kind": "", "to_verify": "true"})
    assert response.status_code == 200
    codes = sorted(item["code"] for item in response.json()["results"])
    assert codes == ["boiler-efficiency", "fall-arrest-ppe", "ladders-check", "ventilation-check"]


def test_create_equipment_generates_the_schedule(manager, site_a):
    client = api(manager)
    response = client.post(
        f"{BASE}equipment/",
        {
            "site": site_a.pk,
            "kind": "pressure_equipment",
            "name": "Réservoir d'air 3 000 L",
            "commissioned_on": "2020-06-30",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["line_count"] == 2
    lines = client.get(f"{BASE}schedule/", {"equipment": response.json()["id"]}).json()["results"]
    assert {(line["inspection_type"], line["next_due_on"]) for line in lines} == {
        ("pressure-periodic", "2024-06-30"),
        ("pressure-requalification", "2030-06-30"),
    }


def test_schedule_filters(manager, forklift, site_a, today):
    make_equipment(manager.user, site_a, "racking", name="Palettiers", identifier="", commissioned_on=None)
    client = api(manager)
    overdue = client.get(f"{BASE}schedule/", {"overdue": "true"}).json()["results"]
    assert [(line["inspection_type"], line["status"]) for line in overdue] == [("forklift-vgp", "overdue")]
    soon = client.get(f"{BASE}schedule/", {"due_before": today.isoformat()}).json()["results"]
    assert len(soon) == 2
    by_site = client.get(f"{BASE}schedule/", {"site": site_a.pk}).json()["results"]
    assert [line["inspection_type"] for line in by_site] == ["racking-inspection"]
    assert client.get(f"{BASE}schedule/", {"due_before": "pas une date"}).status_code == 400


def test_post_visit_records_the_next_due_date(manager, forklift, today):
    line = line_of(forklift, "forklift-vgp")
    response = api(manager).post(
        f"{BASE}visits/",
        {
            "schedule": line.pk,
            "performed_on": today.isoformat(),
            "body": "Bureau Veritas",
            "result": "observations",
            "observations": [{"text": "Klaxon inopérant", "severity": "major"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["next_due_on"] == add_months(today, 6).isoformat()
    assert data["observations"][0]["text"] == "Klaxon inopérant"
    line.refresh_from_db()
    assert line.next_due_on == add_months(today, 6)


def test_bad_visit_is_a_400_with_the_field(manager, forklift, today):
    response = api(manager).post(
        f"{BASE}visits/",
        {
            "schedule": line_of(forklift, "forklift-vgp").pk,
            "performed_on": (today + timedelta(days=1)).isoformat(),
            "body": "BV",
            "result": "compliant",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert response.json() == {"performed_on": ["La date de la vérification ne peut pas être dans le futur."]}


def test_observation_action_endpoint(manager, forklift, today):
    visit = services.visit_record(
        user=manager.user,
        schedule=line_of(forklift, "forklift-vgp"),
        performed_on=today,
        body="BV",
        result="observations",
        observations=[{"text": "Fourches usées", "severity": "minor"}],
    )
    observation = visit.observations.get()
    client = api(manager)
    response = client.post(
        f"{BASE}observations/{observation.pk}/action/", {"owner": manager.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    action = Action.objects.get()
    assert response.json()["action_reference"] == action.reference
    assert action.due_on == today + timedelta(days=90)
    again = client.post(f"{BASE}observations/{observation.pk}/action/", {"owner": manager.pk}, format="json")
    assert again.status_code == 400


def test_not_required_endpoint_needs_a_reason(manager, forklift):
    line = line_of(forklift, "forklift-vgp")
    client = api(manager)
    assert (
        client.post(f"{BASE}schedule/{line.pk}/not-required/", {"reason": ""}, format="json").status_code
        == 400
    )
    response = client.post(
        f"{BASE}schedule/{line.pk}/not-required/", {"reason": "Chariot réformé"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "not_required"


def test_reader_gets_403_and_changes_nothing(member, site_b, forklift, today):
    reader = member(Role.READER, site=site_b)
    client = api(reader)
    line = line_of(forklift, "forklift-vgp")
    response = client.post(
        f"{BASE}visits/",
        {"schedule": line.pk, "performed_on": today.isoformat(), "body": "BV", "result": "compliant"},
        format="json",
    )
    assert response.status_code == 403
    assert client.post(f"{BASE}equipment/", {}, format="json").status_code == 403
    assert (
        client.post(f"{BASE}schedule/{line.pk}/not-required/", {"reason": "x"}, format="json").status_code
        == 403
    )
    assert InspectionVisit.objects.count() == 0
    assert client.get(f"{BASE}equipment/{forklift.pk}/").status_code == 200


def test_reader_cannot_open_an_action(member, manager, site_b, forklift, today):
    services.visit_record(
        user=manager.user,
        schedule=line_of(forklift, "forklift-vgp"),
        performed_on=today,
        body="BV",
        result="observations",
        observations=[{"text": "Fourches usées", "severity": "minor"}],
    )
    reader = member(Role.READER, site=site_b)
    observation = Observation.objects.get()
    response = api(reader).post(
        f"{BASE}observations/{observation.pk}/action/", {"owner": reader.pk}, format="json"
    )
    assert response.status_code == 403
    assert Action.objects.count() == 0


def test_other_site_is_a_404(member, site_a, forklift):
    montlucon_contributor = member(Role.CONTRIBUTOR, site=site_a)
    client = api(montlucon_contributor)
    line = line_of(forklift, "forklift-vgp")
    assert client.get(f"{BASE}equipment/{forklift.pk}/").status_code == 404
    assert client.get(f"{BASE}schedule/{line.pk}/").status_code == 404
    assert (
        client.post(f"{BASE}schedule/{line.pk}/not-required/", {"reason": "x"}, format="json").status_code
        == 404
    )
    assert client.get(f"{BASE}equipment/").json()["results"] == []


def test_attach_the_report_of_a_visit(member, manager, site_b, forklift, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qsse.core.models import Attachment

    visit = services.visit_record(
        user=manager.user,
        schedule=line_of(forklift, "forklift-vgp"),
        performed_on=today,
        body="BV",
        result="compliant",
    )
    url = f"{BASE}visits/{visit.pk}/report/"
    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport", content_type="application/pdf")
    response = api(manager).post(url, {"file": pdf, "description": "Rapport BV"}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["original_name"] == "rapport.pdf"
    assert Attachment.objects.get().object_id == visit.pk
    exe = SimpleUploadedFile("rapport.exe", b"MZ....", content_type="application/octet-stream")
    refused = api(manager).post(url, {"file": exe}, format="multipart", HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 400
    assert refused.json()["file"][0].startswith("Les fichiers de type « .exe » ne sont pas acceptés.")
    reader = member(Role.READER, site=site_b)
    pdf.seek(0)
    assert api(reader).post(url, {"file": pdf}, format="multipart").status_code == 403
    assert Attachment.objects.count() == 1

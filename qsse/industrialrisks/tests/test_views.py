"""Pages of the industrial risk control plan in French, the PDF of the emergency plan, and the API."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qsse.core.choices import Role
from qsse.industrialrisks import report, services

from .conftest import make_phenomenon

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_fr(client):
    client.cookies["django_language"] = "fr"
    return client


def test_list_with_heat_maps_and_excel(client_fr, manager, site_a, phenomenon):
    make_phenomenon(
        manager.user, site_a, manager, kind="water_pollution", title="Déversement", probability=2, gravity=3
    )
    client_fr.force_login(manager.user)
    url = reverse("industrialrisks:phenomenon_list")
    text = client_fr.get(url).content.decode()
    assert "Critique · 12" in text and "Modéré · 6" in text
    assert 'id="grid-before"' in text and 'id="grid-after"' in text
    rows = list(load_workbook(BytesIO(client_fr.get(url, {"export": "xlsx"}).content)).active.values)
    assert rows[0][0] == "Référence" and len(rows) == 3
    assert "1 enregistrement" in client_fr.get(url, {"kind": "water_pollution"}).content.decode()


def test_detail_and_measure_to_action(client_fr, manager, phenomenon):
    client_fr.force_login(manager.user)
    response = client_fr.post(
        reverse("industrialrisks:measure_create", args=[phenomenon.pk]),
        {"description": "Permis de feu", "role": "prevention", "status": "planned"},
    )
    assert response.status_code == 302
    measure = phenomenon.measures.get()
    response = client_fr.post(
        reverse("industrialrisks:measure_action", args=[measure.pk]),
        {"owner": manager.pk, "due_on": "2026-12-01"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    text = client_fr.get(phenomenon.get_absolute_url()).content.decode()
    assert measure.action.reference in text
    assert "Mesures de prévention (réduisent la probabilité)" in text


def test_residual_above_initial_shows_the_error(client_fr, manager, phenomenon, site_a):
    client_fr.force_login(manager.user)
    response = client_fr.post(
        reverse("industrialrisks:phenomenon_edit", args=[phenomenon.pk]),
        {
            "site": site_a.pk,
            "installation": "Cabine",
            "kind": "fire",
            "title": "Feu",
            "scenario": "x",
            "probability": 2,
            "gravity": 2,
            "residual_probability": 3,
            "residual_gravity": 2,
            "owner": manager.pk,
        },
    )
    assert response.status_code == 200
    assert "Les mesures ne peuvent pas augmenter la probabilité : au plus 2." in response.content.decode()


def test_plan_page_drill_and_pdf(client_fr, manager, plan, phenomenon):
    client_fr.force_login(manager.user)
    for part, data in (
        ("contact", {"category": "emergency", "name": "Pompiers", "phone": "18", "order": 1}),
        (
            "resource",
            {
                "kind": "spill_kit",
                "description": "Kit antipollution 240 l",
                "location": "Quai",
                "quantity": 2,
            },
        ),
        (
            "procedure",
            {
                "phenomenon": phenomenon.pk,
                "scenario": "Feu en cabine",
                "steps": "Alerter\nÉvacuer",
                "order": 1,
            },
        ),
    ):
        assert (
            client_fr.post(
                reverse("industrialrisks:plan_part_create", args=[plan.pk, part]), data
            ).status_code
            == 302
        )
    procedure = plan.procedures.get()
    response = client_fr.post(
        reverse("industrialrisks:drill_create", args=[plan.pk]),
        {
            "held_on": "2026-03-12",
            "procedure": procedure.pk,
            "participants": 80,
            "duration_minutes": 11,
            "findings": "Issue nord encombrée",
        },
    )
    drill = plan.drills.get()
    assert response["Location"] == drill.get_absolute_url() and drill.scenario == "Feu en cabine"
    text = client_fr.get(plan.get_absolute_url()).content.decode()
    assert "Pompiers" in text and "Kit antipollution 240 l" in text and drill.reference in text
    assert "Dernier exercice : 12/03/2026" in text
    pdf = client_fr.get(reverse("industrialrisks:plan_pdf", args=[plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    data = report.pdf_data(plan)
    assert [p["scenario"] for p in data["procedures"]] == ["Feu en cabine"]
    assert data["procedures"][0]["steps"] == ["Alerter", "Évacuer"]
    assert data["contacts"][0]["phone"] == "18"
    assert data["phenomena"][0]["before"] == "Critique · 12"


def test_reader_and_other_site(client_fr, member, site_b, plan, phenomenon):
    reader = member(Role.READER)
    client_fr.force_login(reader.user)
    assert client_fr.get(phenomenon.get_absolute_url()).status_code == 200
    assert client_fr.get(reverse("industrialrisks:drill_create", args=[plan.pk])).status_code == 403
    other = member(Role.CONTRIBUTOR, site=site_b)
    client_fr.force_login(other.user)
    assert client_fr.get(phenomenon.get_absolute_url()).status_code == 404
    assert client_fr.get(plan.get_absolute_url()).status_code == 404


def test_api_rates_and_raises_actions(client, manager, site_a, plan):
    client.force_login(manager.user)
    response = client.post(
        "/api/v1/industrial-risks/phenomena/",
        {
            "site": site_a.pk,
            "installation": "Chaufferie",
            "kind": "explosion",
            "title": "Fuite de gaz à la chaudière",
            "scenario": "Fuite sur la rampe gaz",
            "probability": 2,
            "gravity": 4,
            "residual_probability": 1,
            "residual_gravity": 4,
            "owner": manager.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["score"], body["residual_score"], body["residual_level"]) == (8, 4, "Modéré")
    measure = client.post(
        "/api/v1/industrial-risks/measures/",
        {
            "phenomenon": body["id"],
            "description": "Détecteur gaz asservi",
            "role": "prevention",
            "status": "planned",
        },
        content_type="application/json",
    ).json()
    raised = client.post(
        f"/api/v1/industrial-risks/measures/{measure['id']}/raise-action/",
        {"owner": manager.pk, "due_on": "2026-10-01"},
        content_type="application/json",
    )
    assert raised.status_code == 201 and raised.json()["action_reference"].startswith("ACT-")
    drill = client.post(
        "/api/v1/industrial-risks/drills/",
        {
            "plan": plan.pk,
            "held_on": "2026-09-24",
            "scenario": "Fuite de gaz",
            "participants": 90,
            "duration_minutes": 14,
        },
        content_type="application/json",
    )
    assert drill.status_code == 201 and drill.json()["reference"] == "EXE-2026-0001"


def test_api_reader_cannot_write(client, member, site_a):
    reader = member(Role.READER)
    client.force_login(reader.user)
    assert client.get("/api/v1/industrial-risks/phenomena/").status_code == 200
    response = client.post(
        "/api/v1/industrial-risks/plans/", {"site": site_a.pk}, content_type="application/json"
    )
    assert response.status_code == 403


def test_plan_list_shows_drill_due(client_fr, manager, plan):
    services.drill_record(
        user=manager.user, plan=plan, held_on=date(2026, 3, 12), scenario="Évacuation", duration_minutes=9
    )
    client_fr.force_login(manager.user)
    text = client_fr.get(reverse("industrialrisks:plan_list")).content.decode()
    assert "12/09/2026" in text  # 12 March + 6 months

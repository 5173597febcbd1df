"""The DUER API: hazards rated by the service, measure → action, freeze, PAPRIPACT."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role

from .factories import family, make_hazard

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager.user)
    return client


def test_hazard_create_measure_action_freeze_programme(api, manager, duer, unit):
    response = api.post(
        "/api/v1/duer/hazards/",
        {
            "duer": duer.pk,
            "work_unit": unit.pk,
            "family": family("Manutention manuelle").pk,
            "situation": "Barres de 25 kg",
            "exposed_count": 8,
            "probability": 3,
            "gravity": 2,
            "control_level": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    hazard = response.json()
    assert (hazard["raw_score"], hazard["residual_score"]) == (6, "3.00")
    response = api.post(
        "/api/v1/duer/measures/",
        {
            "hazard": hazard["id"],
            "description": "Palan à ventouse",
            "principle": "adapt",
            "measure_type": "technical",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    measure_id = response.json()["id"]
    response = api.post(
        f"/api/v1/duer/measures/{measure_id}/raise-action/",
        {"owner": manager.pk, "due_on": "2026-10-15", "estimated_cost": "7800.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["action_reference"].startswith("ACT-")
    response = api.post(
        "/api/v1/duer/versions/freeze/", {"duer": duer.pk, "change_note": "v1"}, format="json"
    )
    assert response.status_code == 201 and response.json()["number"] == 1
    rows = api.get(f"/api/v1/duer/duers/{duer.pk}/programme/?year=2026").json()
    assert [(row["title"], Decimal(row["estimated_cost"])) for row in rows] == [
        ("Palan à ventouse", Decimal("7800.00"))
    ]


def test_reader_cannot_freeze(member, duer, unit, manager):
    make_hazard(manager.user, duer, unit)
    reader = member(Role.READER, username="reader")
    client = APIClient()
    client.force_authenticate(reader.user)
    response = client.post(
        "/api/v1/duer/versions/freeze/", {"duer": duer.pk, "change_note": "v1"}, format="json"
    )
    assert response.status_code == 403
    assert client.get("/api/v1/duer/hazards/").json()["count"] == 1


def test_hazards_scoped_to_the_user_sites(member, manager, duer, site_a, site_b):
    from .factories import make_unit

    make_hazard(manager.user, duer, make_unit(site_a, "Usinage", 42))
    assembly = make_unit(site_b, "Assemblage", 24)
    make_hazard(manager.user, duer, assembly)
    moulins = member(Role.CONTRIBUTOR, site=site_b, username="moulins")
    client = APIClient()
    client.force_authenticate(moulins.user)
    rows = client.get("/api/v1/duer/hazards/").json()["results"]
    assert [row["work_unit"] for row in rows] == [assembly.pk]
    other = make_hazard(manager.user, duer, make_unit(site_a, "Peinture", 5))
    assert client.get(f"/api/v1/duer/hazards/{other.pk}/").status_code == 404
    # A contributor edits only what they own: not the hazards of a DUER owned by the manager.
    assert (
        client.patch(f"/api/v1/duer/hazards/{rows[0]['id']}/", {"probability": 1}, format="json").status_code
        == 403
    )


def test_hazard_shows_the_accident_that_asked_its_re_evaluation(api, manager, duer, unit, site_a):
    from qsse.accidents.tests.factories import make_accident
    from qsse.duer import services

    hazard = make_hazard(manager.user, duer, unit)
    accident = make_accident(manager.user, site_a, work_unit=unit)
    services.hazard_feedback_add(user=manager.user, hazard=hazard, source=accident, note="Gants absents")
    data = api.get(f"/api/v1/duer/hazards/{hazard.pk}/").json()
    assert (data["needs_review"], data["review_reason"]) == (True, str(accident))
    assert data["feedback"] == [
        {
            "id": hazard.feedback.get().pk,
            "source_type": "accidents.accident",
            "source_object_id": accident.pk,
            "source_label": str(accident),
            "source_url": f"/accidents/{accident.pk}/",
            "source_on": None,
            "note": "Gants absents",
        }
    ]

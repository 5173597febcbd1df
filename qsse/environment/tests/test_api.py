"""API of the environmental analysis: the same rules as the pages."""

import pytest

from qsse.core.choices import Role

from .conftest import make_aspect

pytestmark = pytest.mark.django_db


def test_create_aspect_scores_it(client, manager, activity):
    client.force_login(manager.user)
    response = client.post(
        "/api/v1/environment/aspects/",
        {
            "activity": activity.pk,
            "aspect": "Rejet des eaux de rinçage",
            "impact": "Pollution de la rivière",
            "compartment": "water",
            "condition": "abnormal",
            "severity": 4,
            "frequency": 2,
            "control": 3,
            "legal_requirement": "Arrêté préfectoral, rejets",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # 4 × 2 × 3 = 24 ≥ 24, and a legal requirement.
    assert (body["score"], body["is_significant"], body["significance_reasons"]) == (
        24,
        True,
        ["score", "legal"],
    )
    raised = client.post(
        f"/api/v1/environment/aspects/{body['id']}/raise-action/",
        {"title": "Station de détoxication", "owner": manager.pk, "due_on": "2026-11-30"},
        content_type="application/json",
    )
    assert raised.status_code == 201 and raised.json()["reference"].startswith("ACT-")


def test_summary_and_approve(client, manager, analysis, activity):
    make_aspect(manager.user, activity)
    client.force_login(manager.user)
    cells = client.get(f"/api/v1/environment/analyses/{analysis.pk}/summary/").json()
    water = [c for c in cells if c["compartment"] == "water" and c["condition"] == "normal"]
    assert water == [{"compartment": "water", "condition": "normal", "significant": 1, "total": 1}]
    assert len(cells) == 27  # 9 compartments × 3 conditions
    assert client.post(f"/api/v1/environment/analyses/{analysis.pk}/approve/").json()["status"] == "approved"


def test_reader_and_other_site(client, member, site_b, manager, activity):
    aspect = make_aspect(manager.user, activity)
    reader = member(Role.READER)
    client.force_login(reader.user)
    assert client.get("/api/v1/environment/aspects/").json()["count"] == 1
    assert client.delete(f"/api/v1/environment/aspects/{aspect.pk}/").status_code == 403
    other = member(Role.CONTRIBUTOR, site=site_b)
    client.force_login(other.user)
    assert client.get("/api/v1/environment/aspects/").json()["count"] == 0
    assert client.get(f"/api/v1/environment/aspects/{aspect.pk}/").status_code == 404

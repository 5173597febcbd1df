"""/api/v1/context/: analyses with items, parties, matrices, the register and its heat map."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from qsse.actions import selectors as action_selectors
from qsse.context import services
from qsse.context.models import ContextItem, RiskOpportunity
from qsse.core.choices import Role

from .factories import LEVELS_4X4, make_risk

pytestmark = pytest.mark.django_db
RISKS = "/api/v1/context/risks/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_create_risk_returns_score_and_level_as_numbers(manager, process, matrix, site_a):
    response = api(manager).post(
        RISKS,
        {
            "kind": "risk",
            "title": "Perte d'un client automobile",
            "process": process.pk,
            "site": site_a.pk,
            "probability": 3,
            "impact": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    data = response.data
    assert data["reference"].startswith("RO-") and data["score"] == 12 and isinstance(data["score"], int)
    assert (
        data["level_name"] == "Critique" and data["level_min_score"] == 12 and data["is_significant"] is True
    )
    record = RiskOpportunity.objects.get()
    assert action_selectors.origin_actions_summary(record)["total"] == 1
    # Update rescored; values outside the matrix answer 400 with the field.
    response = api(manager).patch(f"{RISKS}{record.pk}/", {"impact": 1}, format="json")
    assert (
        response.status_code == 200
        and response.data["score"] == 3
        and response.data["level_name"] == "Faible"
    )
    response = api(manager).patch(f"{RISKS}{record.pk}/", {"probability": 7}, format="json")
    assert response.status_code == 400 and "probability" in response.data


def test_heat_map_endpoint(manager, process, matrix):
    make_risk(manager.user, process, probability=3, impact=3)
    make_risk(manager.user, process, probability=3, impact=3)
    make_risk(manager.user, process, probability=2, impact=4, kind="opportunity", title="IATF")
    response = api(manager).get(f"{RISKS}heat-map/")
    assert response.status_code == 200
    assert (response.data["rows"], response.data["cols"]) == (4, 4)
    maps = {entry["kind"]: entry for entry in response.data["maps"]}
    cell = next(c for c in maps["risk"]["cells"] if (c["probability"], c["impact"]) == (3, 3))
    assert cell == {
        "probability": 3,
        "impact": 3,
        "score": 9,
        "level": "Élevé",
        "colour": "#fd7e14",
        "is_significant": True,
        "count": 2,
    }
    assert (
        maps["risk"]["total"] == 2 and maps["opportunity"]["total"] == 1 and len(maps["risk"]["cells"]) == 16
    )


def test_analysis_items_and_freeze(manager):
    client = api(manager)
    response = client.post(
        "/api/v1/context/analyses/",
        {"kind": "swot", "title": "SWOT 2026", "analysed_on": "2026-01-10"},
        format="json",
    )
    assert response.status_code == 201
    analysis_id = response.data["id"]
    response = client.post(
        "/api/v1/context/items/",
        {"analysis": analysis_id, "category": "strength", "text": "Savoir-faire", "importance": 3},
        format="json",
    )
    assert response.status_code == 201 and response.data["position"] == 1
    item_id = response.data["id"]
    detail = client.get(f"/api/v1/context/analyses/{analysis_id}/").data
    assert [item["text"] for item in detail["items"]] == ["Savoir-faire"]
    assert client.post(f"/api/v1/context/analyses/{analysis_id}/approve/").data["status"] == "approved"
    response = client.patch(f"/api/v1/context/items/{item_id}/", {"text": "Autre"}, format="json")
    assert response.status_code == 400
    assert ContextItem.objects.get().text == "Savoir-faire"
    response = client.post(f"/api/v1/context/analyses/{analysis_id}/new-version/")
    assert response.status_code == 201 and response.data["version"] == 2 and len(response.data["items"]) == 1


def test_matrix_read_for_all_write_for_managers(manager, member, process, matrix):
    record = make_risk(manager.user, process, probability=2, impact=4)  # 8, Élevé
    owner = member(Role.PROCESS_OWNER, username="owner")
    url = f"/api/v1/context/matrices/{matrix.pk}/"
    assert api(owner).get(url).data["levels"][2]["name"] == "Élevé"
    levels = [dict(level) for level in LEVELS_4X4]
    levels[2]["min_score"] = 9
    assert api(owner).patch(url, {"levels": levels}, format="json").status_code == 403
    response = api(manager).patch(url, {"levels": levels}, format="json")
    assert response.status_code == 200 and response.data["levels"][2]["min_score"] == 9
    record.refresh_from_db()
    assert record.level.name == "Modéré"  # 8 < 9 now
    bad = [dict(level) for level in LEVELS_4X4]
    bad[3]["min_score"] = 30
    assert api(manager).patch(url, {"levels": bad}, format="json").status_code == 400


def test_matrix_of_another_tool_keeps_its_usage_when_updated(manager, matrix):
    haccp = services.matrix_ensure_default(usage="haccp")  # active 4 × 4 of the HACCP hazards
    url = f"/api/v1/context/matrices/{haccp.pk}/"
    listed = api(manager).get("/api/v1/context/matrices/", {"usage": "haccp"}).data["results"]
    assert [(item["id"], item["usage"], item["is_active"]) for item in listed] == [(haccp.pk, "haccp", True)]
    levels = [dict(level) for level in LEVELS_4X4]
    levels[2]["min_score"] = 9
    response = api(manager).patch(url, {"levels": levels, "name": "HACCP"}, format="json")
    assert response.status_code == 200, response.data
    haccp.refresh_from_db()
    assert (haccp.usage, haccp.is_active, haccp.name) == ("haccp", True, "HACCP")
    assert list(haccp.levels.values_list("min_score", flat=True)) == [1, 4, 9, 12]
    matrix.refresh_from_db()
    assert (matrix.usage, matrix.is_active) == ("risks", True)  # the register's matrix is untouched
    moved = api(manager).patch(url, {"usage": "hazop"}, format="json")
    assert moved.status_code == 400 and "usage" in moved.data


def test_parties_api(manager, process):
    response = api(manager).post(
        "/api/v1/context/interested-parties/",
        {
            "name": "DREAL Auvergne-Rhône-Alpes",
            "category": "authorities",
            "influence": 4,
            "interest": 2,
            "processes": [process.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["quadrant"] == "keep_satisfied"


def test_reader_gets_403_and_scoped_user_sees_their_site(manager, member, process, matrix, site_a, site_b):
    mine = make_risk(manager.user, process, site=site_a, title="Montluçon")
    make_risk(manager.user, process, site=site_b, title="Moulins")
    reader = member(Role.READER, username="reader", site=site_a)
    assert (
        api(reader)
        .post(RISKS, {"title": "X", "process": process.pk, "probability": 1, "impact": 1}, format="json")
        .status_code
        == 403
    )
    assert api(reader).patch(f"{RISKS}{mine.pk}/", {"title": "Y"}, format="json").status_code == 403
    assert (
        api(reader)
        .post(
            "/api/v1/context/analyses/",
            {"kind": "swot", "title": "X", "analysed_on": "2026-01-01"},
            format="json",
        )
        .status_code
        == 403
    )
    assert [row["title"] for row in api(reader).get(RISKS).data["results"]] == ["Montluçon"]
    maps = api(reader).get(f"{RISKS}heat-map/").data["maps"]
    assert sum(m["total"] for m in maps) == 1
    services.analysis_create(
        user=manager.user, kind="pestel", title="Moulins", analysed_on=date(2026, 1, 1), site=site_b
    )
    assert api(reader).get("/api/v1/context/analyses/").data["count"] == 0

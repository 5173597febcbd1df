"""/api/v1/analysis/: upload, schema and the tools' numbers."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from qsse.analysis.models import Dataset, DecisionStudy
from qsse.core.choices import Role

from .factories import csv_file, series_with_outlier_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def client(manager):
    client = APIClient()
    client.force_authenticate(manager.user)
    return client


def test_upload_list_and_schema(client):
    response = client.post(
        "/api/v1/analysis/datasets/", {"file": csv_file(), "name": "Réclamations"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["row_count"] == 6
    assert response.json()["columns"][2] == {"name": "Coût", "type": "number"}
    listing = client.get("/api/v1/analysis/datasets/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [row["name"] for row in rows] == ["Réclamations"]


def test_bad_upload_answers_400(client):
    response = client.post(
        "/api/v1/analysis/datasets/", {"file": csv_file("a;a\n1;2\n"), "name": "X"}, format="multipart"
    )
    assert response.status_code == 400
    assert "apparaît deux fois" in response.json()["non_field_errors"][0]
    assert Dataset.objects.count() == 0


def test_pareto_numbers(client, manager):
    dataset = upload(manager.user)
    response = client.post(
        f"/api/v1/analysis/datasets/{dataset.pk}/pareto/", {"category": "Catégorie"}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["total"] == 6
    # Rayure 3/6, Cote hors tolérance 2/6, Emballage 1/6.
    assert [
        (i["label"], i["value"], round(i["cumulative_share"], 4), i["is_vital_few"]) for i in data["items"]
    ] == [
        ("Rayure", 3, 0.5, True),
        ("Cote hors tolérance", 2, 0.8333, True),
        ("Emballage", 1, 1.0, False),
    ]


def test_pivot_numbers(client, manager):
    dataset = upload(manager.user)
    response = client.post(
        f"/api/v1/analysis/datasets/{dataset.pk}/pivot/",
        {"rows": ["Catégorie"], "column": "Site", "aggregation": "sum", "measure": "Coût"},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["column_labels"] == ["MOU", "MTL"]
    rows = {row["labels"][0]: (row["cells"], row["total"]) for row in data["rows"]}
    assert rows["Rayure"] == ([80, 170.5], 250.5)
    assert data["grand_total"] == 670.5


def test_control_chart_and_capability(client, manager):
    dataset = upload(manager.user, series_with_outlier_csv(outlier_at=20), name="Série")
    response = client.post(
        f"/api/v1/analysis/datasets/{dataset.pk}/control-chart/",
        {"chart": "i_mr", "column": "Valeur", "label": "Mesure", "rules": [1]},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["chart"]["kind"] == "I" and data["secondary"]["kind"] == "MR"
    assert len(data["chart"]["ucl"]) == 25
    assert [
        (v["chart"], v["rule"], v["index"], v["label"]) for v in data["violations"] if v["chart"] == "I"
    ] == [("I", 1, 19, "20")]
    response = client.post(
        f"/api/v1/analysis/datasets/{dataset.pk}/capability/",
        {"column": "Valeur", "lsl": 8, "usl": 12},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["n"] == 25
    assert data["cp_interval"][0] < data["cp"] < data["cp_interval"][1]


def test_text_in_numeric_column_answers_400_with_the_row(client, manager):
    dataset = upload(manager.user, "Cat;Coût\nA;1\nB;abc\n", name="X")
    response = client.post(
        f"/api/v1/analysis/datasets/{dataset.pk}/descriptive/", {"column": "Coût"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Ligne 3, colonne « Coût » : « abc » n’est pas un nombre."]


def test_decision_study_crud(client):
    payload = {
        "kind": "cost_benefit",
        "title": "Protection des carters",
        "data": {
            "dysfunction_cost_per_year": 40000,
            "expected_reduction": 0.75,
            "investment": 12000,
            "years": 3,
        },
    }
    response = client.post("/api/v1/analysis/decision-studies/", payload, format="json")
    assert response.status_code == 201, response.content
    study = response.json()
    # Gain 30,000 €/year; payback 12,000 / 30,000 = 0.4 year; ROI (90,000 − 12,000) / 12,000 = 650 %.
    assert study["figures"]["annual_gain"] == 30000
    assert study["figures"]["payback_years"] == 0.4
    assert study["figures"]["roi"] == 6.5
    response = client.patch(
        f"/api/v1/analysis/decision-studies/{study['id']}/", {"title": "Protection"}, format="json"
    )
    assert response.status_code == 200 and response.json()["title"] == "Protection"
    bad = client.post(
        "/api/v1/analysis/decision-studies/", {**payload, "data": {"investment": "x"}}, format="json"
    )
    assert bad.status_code == 400
    assert client.delete(f"/api/v1/analysis/decision-studies/{study['id']}/").status_code == 204
    assert DecisionStudy.objects.count() == 0


def test_saved_analyses(client, manager):
    dataset = upload(manager.user)
    response = client.post(
        "/api/v1/analysis/analyses/",
        {"dataset": dataset.pk, "tool": "pareto", "title": "Pareto", "parameters": {"category": "Catégorie"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    bad = client.post(
        "/api/v1/analysis/analyses/",
        {"dataset": dataset.pk, "tool": "pareto", "title": "Pareto", "parameters": {"category": "Nope"}},
        format="json",
    )
    assert bad.status_code == 400
    listing = client.get("/api/v1/analysis/analyses/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [row["title"] for row in rows] == ["Pareto"]

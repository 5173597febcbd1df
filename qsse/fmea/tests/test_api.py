"""/api/v1/fmea/...: FMEAs, lines with computed RPN/AP, re-rating, rating guides, AP table import."""

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.fmea.models import ApTable, FmeaLine

from .factories import LINE, SYNTHETIC_RULES, add_line, load_synthetic_table, make_fmea

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager")


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def _rule(rule):
    return {
        "severity_min": rule.severity_min,
        "severity_max": rule.severity_max,
        "occurrence_min": rule.occurrence_min,
        "occurrence_max": rule.occurrence_max,
        "detection_min": rule.detection_min,
        "detection_max": rule.detection_max,
        "priority": rule.priority,
    }


def test_create_fmea_and_lines_with_computed_values(manager, site_a):
    client = api(manager)
    response = client.post(
        "/api/v1/fmea/ap-tables/import/",
        {"name": "Table d'essai", "rules": [_rule(rule) for rule in SYNTHETIC_RULES]},
        format="json",
    )
    assert response.status_code == 201 and response.data["is_active"] is True
    response = client.post(
        "/api/v1/fmea/fmeas/", {"kind": "process", "title": "AMDEC API", "site": site_a.pk}, format="json"
    )
    assert response.status_code == 201
    fmea_id = response.data["id"]
    assert response.data["reference"].startswith("AMDEC-")
    response = client.post("/api/v1/fmea/lines/", {**LINE, "fmea": fmea_id, "severity": 9}, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["rpn"], response.data["ap"]) == (270, "H")
    line_id = response.data["id"]
    response = client.patch(f"/api/v1/fmea/lines/{line_id}/", {"severity": 4}, format="json")
    assert (response.data["rpn"], response.data["ap"]) == (120, "L")
    response = client.post(
        f"/api/v1/fmea/lines/{line_id}/rerate/",
        {"revised_severity": 4, "revised_occurrence": 2, "revised_detection": 7},
        format="json",
    )
    assert (response.data["revised_rpn"], response.data["revised_ap"]) == (56, "M")
    response = client.post("/api/v1/fmea/lines/", {**LINE, "fmea": fmea_id, "severity": 11}, format="json")
    assert response.status_code == 400 and "severity" in response.data


def test_lines_sort_by_rpn(manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    for severity in (3, 8, 5):
        add_line(manager.user, fmea, severity=severity)
    response = api(manager).get("/api/v1/fmea/lines/", {"fmea": fmea.pk, "ordering": "-rpn"})
    assert [row["rpn"] for row in response.data["results"]] == [240, 150, 90]


def test_ap_table_import_rejects_gaps(manager):
    response = api(manager).post(
        "/api/v1/fmea/ap-tables/import/",
        {"name": "incomplète", "rules": [_rule(rule) for rule in SYNTHETIC_RULES[:2]]},
        format="json",
    )
    assert response.status_code == 400
    assert "combinaisons ne sont couvertes par aucune règle" in response.data["non_field_errors"][0]
    assert ApTable.objects.count() == 1  # only the shipped AIAG-VDA table


def test_rating_guides(manager):
    client = api(manager)
    response = client.get("/api/v1/fmea/rating-guides/", {"page_size": 50})
    assert response.data["count"] == 30
    guide = response.data["results"][0]
    response = client.patch(
        f"/api/v1/fmea/rating-guides/{guide['id']}/", {"meaning": "Critique"}, format="json"
    )
    assert response.status_code == 200 and response.data["meaning"] == "Critique"


def test_status_workflow(manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    add_line(manager.user, fmea)
    response = api(manager).post(
        f"/api/v1/fmea/fmeas/{fmea.pk}/status/", {"status": "approved"}, format="json"
    )
    assert response.status_code == 200 and response.data["status"] == "approved"
    response = api(manager).post("/api/v1/fmea/lines/", {**LINE, "fmea": fmea.pk}, format="json")
    assert response.status_code == 400
    assert FmeaLine.objects.count() == 1
    load_synthetic_table  # noqa: B018 - imported for the other tests


def test_raise_an_action_from_a_line(client, member, site_a):
    from datetime import date

    from qsse.core.choices import Role

    manager = member(Role.QSSE_MANAGER, username="api-manager")
    reader = member(Role.READER, username="api-reader")
    fmea = make_fmea(manager.user, site=site_a)
    line = add_line(manager.user, fmea)
    url = f"/api/v1/fmea/lines/{line.pk}/action/"
    payload = {"title": "Palpeur en machine", "owner": manager.pk, "due_on": "2026-12-01"}
    client.force_login(reader.user)
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(manager.user)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["action_reference"].startswith("ACT-") and body["recommended_action"] == "Palpeur en machine"
    line.refresh_from_db()
    assert line.action.type == "preventive" and line.action.due_on == date(2026, 12, 1)
    again = client.post(url, payload, content_type="application/json")
    assert again.status_code == 400  # one action per line

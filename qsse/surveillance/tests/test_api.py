"""/api/v1/surveillance/: plans, control points with status, results through the service, calendar."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from qsse.nonconformities.models import Nonconformity
from qsse.surveillance.models import ControlPoint, ControlResult

pytestmark = pytest.mark.django_db
BASE = "/api/v1/surveillance/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_create_plan_and_control_point(manager, site_a, risk, today):
    client = api(manager)
    response = client.post(
        f"{BASE}plans/", {"title": "Plan API", "site": site_a.pk, "owner": manager.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    assert response.json()["control_count"] == 0
    response = client.post(
        f"{BASE}control-points/",
        {
            "plan": plan_id,
            "reference": "CN-01",
            "what": "Concentration du fluide de coupe",
            "method": "Réfractomètre",
            "interval_unit": "day",
            "interval_count": 1,
            "responsible": manager.pk,
            "minimum": "5",
            "maximum": "8",
            "unit": "%",
            "next_due_on": (today + timedelta(days=10)).isoformat(),
            "risk_type": "context.riskopportunity",
            "risk_id": risk.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "on_time"
    assert data["risk_score"] == 9 and data["risk_level"] == "Élevé"


def test_control_point_validation_error_is_a_400(manager, plan, today):
    response = api(manager).post(
        f"{BASE}control-points/",
        {
            "plan": plan.pk,
            "reference": "X",
            "what": "X",
            "method": "X",
            "responsible": manager.pk,
            "minimum": "9",
            "maximum": "1",
            "next_due_on": today.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "maximum" in response.json()


def test_post_result_out_of_limits_returns_the_nc_reference(manager, point, today):
    response = api(manager).post(
        f"{BASE}results/",
        {"control_point": point.pk, "performed_on": today.isoformat(), "value": "25"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    nc = Nonconformity.objects.get()
    assert data["is_within_limits"] is False
    assert data["nonconformity_reference"] == nc.reference
    point.refresh_from_db()
    assert point.next_due_on == today + timedelta(days=7)


def test_post_result_within_limits(manager, point, today):
    response = api(manager).post(
        f"{BASE}results/",
        {"control_point": point.pk, "performed_on": today.isoformat(), "value": "20"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["is_within_limits"] is True
    assert response.json()["nonconformity_reference"] is None


def test_post_result_without_value_is_a_400(manager, point, today):
    response = api(manager).post(
        f"{BASE}results/", {"control_point": point.pk, "performed_on": today.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "value" in response.json()
    assert ControlResult.objects.count() == 0


def test_control_points_list_with_status(manager, point, today):
    ControlPoint.objects.filter(pk=point.pk).update(next_due_on=today - timedelta(days=1))
    response = api(manager).get(f"{BASE}control-points/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["status"] == "overdue" and row["next_due_on"] == (today - timedelta(days=1)).isoformat()


def test_calendar_endpoint(manager, point):
    response = api(manager).get(f"{BASE}calendar/", {"start": "2026-01-01", "end": "2026-01-31"})
    assert response.status_code == 200
    # Due on 5 Jan 2026 and not done since: one overdue date in January.
    assert response.json() == [
        {
            "control_point": point.pk,
            "reference": "AN-02",
            "what": "Température du bain",
            "plan": point.plan_id,
            "site": point.plan.site_id,
            "responsible": point.responsible_id,
            "due_on": "2026-01-05",
            "status": "overdue",
        }
    ]


def test_calendar_endpoint_checks_its_window(manager):
    response = api(manager).get(f"{BASE}calendar/", {"start": "2026-02-01", "end": "2026-01-01"})
    assert response.status_code == 400

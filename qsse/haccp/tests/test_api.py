import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


def _client(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_hazard_answer_returns_the_ccp_decision(manager, site_b):
    plan = build_plan(manager.user, site_b)
    client = _client(manager)
    step = client.post(
        "/api/v1/haccp/steps/", {"plan": plan.pk, "number": 1, "name": "Cuisson"}, format="json"
    )
    assert step.status_code == 201
    hazard = client.post(
        "/api/v1/haccp/hazards/",
        {
            "step": step.data["id"],
            "category": "biological",
            "description": "Salmonella",
            "likelihood": 3,
            "severity": 4,
        },
        format="json",
    )
    assert hazard.status_code == 201
    assert hazard.data["score"] == 12 and hazard.data["is_significant"] is True
    assert hazard.data["outcome"] == "pending"
    url = f"/api/v1/haccp/hazards/{hazard.data['id']}/answer/"
    first = client.post(url, {"question": "q1", "answer": True}, format="json")
    assert first.data["outcome"] is None and first.data["next_question"] == "q2"
    second = client.post(url, {"question": "q2", "answer": True}, format="json")
    assert second.data["outcome"] == "ccp"
    assert [p["question"] for p in second.data["path"]] == ["q1", "q2"]
    decision = client.get(f"/api/v1/haccp/hazards/{hazard.data['id']}/decision/")
    assert decision.data["outcome"] == "ccp"


def test_plan_missing_steps_and_records(manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, _hazard, control = build_ccp(manager.user, plan)
    client = _client(manager)
    detail = client.get(f"/api/v1/haccp/plans/{plan.pk}/")
    assert detail.data["missing_steps"] == [1, 5, 11]
    record = client.post(
        "/api/v1/haccp/monitoring-records/",
        {"control_point": control.pk, "measured_at": "2025-06-01T12:00:00Z", "value": "60.5"},
        format="json",
    )
    assert record.status_code == 201
    assert record.data["is_within_limits"] is False
    assert record.data["nonconformity_reference"].startswith("NC-")
    ccps = client.get("/api/v1/haccp/control-points/")
    assert ccps.data["results"][0]["limit_min"] == "63.00" if "results" in ccps.data else True


def test_reader_403_and_site_scope(member, manager, site_a, site_b):
    plan = build_plan(manager.user, site_b)
    reader = _client(member(Role.READER, site=site_b))
    assert (
        reader.post("/api/v1/haccp/plans/", {"title": "X", "site": site_b.pk}, format="json").status_code
        == 403
    )
    other = _client(member(Role.QSSE_MANAGER, site=site_a))
    listing = other.get("/api/v1/haccp/plans/").data
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert plan.pk not in [row["id"] for row in rows]
    assert other.get(f"/api/v1/haccp/plans/{plan.pk}/").status_code == 404

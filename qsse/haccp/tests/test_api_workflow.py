"""API of the plan workflow, the flow diagram, the decision tree and the control points: the same
services as the pages; reader → 403, a record of another site → 404."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.haccp import services
from qsse.haccp.models import ControlPoint, HaccpPlan, ProcessStep

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


def _client(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_approve_and_new_revision(manager, site_b):
    plan = build_plan(manager.user, site_b)
    build_ccp(manager.user, plan)
    client = _client(manager)
    approved = client.post(f"/api/v1/haccp/plans/{plan.pk}/approve/")
    assert approved.status_code == 200
    assert approved.data["status"] == "approved"
    again = client.post(f"/api/v1/haccp/plans/{plan.pk}/approve/")
    assert again.status_code == 400
    frozen = client.patch(f"/api/v1/haccp/plans/{plan.pk}/", {"title": "Autre"}, format="json")
    assert frozen.status_code == 400
    assert "nouvelle révision" in str(frozen.data)
    revision = client.post(f"/api/v1/haccp/plans/{plan.pk}/new-revision/")
    assert revision.status_code == 201
    assert (revision.data["reference"], revision.data["revision"], revision.data["status"]) == (
        plan.reference,
        1,
        "draft",
    )
    assert ControlPoint.objects.filter(hazard__step__plan_id=revision.data["id"]).count() == 1


def test_steps_verify_update_delete(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step, _hazard, _control = build_ccp(manager.user, plan)
    empty = services.step_add(user=manager.user, plan=plan, name="Emballage")
    client = _client(manager)
    today = timezone.localdate()
    verified = client.post(f"/api/v1/haccp/steps/{step.pk}/verify/", {"verified_on": today}, format="json")
    assert verified.status_code == 200
    assert verified.data["verified_on"] == today.isoformat() and verified.data["verified_by"] == manager.pk
    future = client.post(
        f"/api/v1/haccp/steps/{step.pk}/verify/", {"verified_on": today + timedelta(days=1)}, format="json"
    )
    assert future.status_code == 400
    renamed = client.patch(f"/api/v1/haccp/steps/{step.pk}/", {"name": "Cuisson four"}, format="json")
    assert renamed.status_code == 200 and renamed.data["name"] == "Cuisson four"
    refused = client.delete(f"/api/v1/haccp/steps/{step.pk}/")
    assert refused.status_code == 400 and "CCP 1" in str(refused.data)
    assert client.delete(f"/api/v1/haccp/steps/{empty.pk}/").status_code == 204
    assert list(ProcessStep.objects.filter(plan=plan).values_list("name", flat=True)) == ["Cuisson four"]


def test_oprp_reset_and_hazard_update(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step = services.step_add(user=manager.user, plan=plan, name="Stockage froid")
    hazard = services.hazard_add(
        user=manager.user, step=step, category="biological", description="Listeria", likelihood=3, severity=3
    )
    client = _client(manager)
    base = f"/api/v1/haccp/hazards/{hazard.pk}"
    assert client.post(f"{base}/classify-oprp/", {"justification": ""}, format="json").status_code == 400
    oprp = client.post(f"{base}/classify-oprp/", {"justification": "Maîtrise par l'enceinte"}, format="json")
    assert oprp.status_code == 200 and oprp.data["outcome"] == "oprp"
    client.post(f"{base}/answer/", {"question": "q1", "answer": True}, format="json")
    answered = client.post(f"{base}/answer/", {"question": "q2", "answer": True}, format="json")
    assert answered.data["outcome"] == "ccp"
    reset = client.post(f"{base}/reset-tree/")
    assert reset.status_code == 200
    assert (reset.data["outcome"], reset.data["path"], reset.data["next_question"]) == (None, [], "q1")
    # 1 × 2 = 2 on the fallback scale: not significant any more.
    updated = client.patch(f"{base}/", {"likelihood": 1, "severity": 2}, format="json")
    assert updated.status_code == 200
    assert (updated.data["score"], updated.data["is_significant"], updated.data["outcome"]) == (
        2,
        False,
        "not_significant",
    )
    assert client.delete(f"{base}/").status_code == 204


def test_control_point_create_and_update(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step = services.step_add(user=manager.user, plan=plan, name="Refroidissement")
    hazard = services.hazard_add(
        user=manager.user,
        step=step,
        category="biological",
        description="Clostridium",
        likelihood=3,
        severity=4,
    )
    client = _client(manager)
    payload = {"hazard": hazard.pk, "limit_max": "10", "unit": "°C", "monitoring_what": "Température à cœur"}
    refused = client.post("/api/v1/haccp/control-points/", payload, format="json")
    assert refused.status_code == 400  # not decided CCP yet
    services.hazard_answer(user=manager.user, hazard=hazard, question="q1", answer=True)
    services.hazard_answer(user=manager.user, hazard=hazard, question="q2", answer=True)
    created = client.post("/api/v1/haccp/control-points/", payload, format="json")
    assert created.status_code == 201
    assert (created.data["code"], created.data["kind"], created.data["limit_max"]) == (
        "CCP 1",
        "ccp",
        "10.00",
    )
    no_limit = client.patch(
        f"/api/v1/haccp/control-points/{created.data['id']}/", {"limit_max": None}, format="json"
    )
    assert no_limit.status_code == 400  # a CCP needs a limit
    changed = client.patch(
        f"/api/v1/haccp/control-points/{created.data['id']}/",
        {"monitoring_frequency": "Chaque cuve", "corrective_actions": "Jeter le lot"},
        format="json",
    )
    assert changed.status_code == 200
    control = ControlPoint.objects.get()
    assert (control.monitoring_frequency, control.corrective_actions, control.limit_max) == (
        "Chaque cuve",
        "Jeter le lot",
        10,
    )


def test_reader_403_and_other_site_404(member, manager, site_a, site_b):
    plan = build_plan(manager.user, site_b)
    step, hazard, control = build_ccp(manager.user, plan)
    reader = _client(member(Role.READER, site=site_b))
    outsider = _client(member(Role.QSSE_MANAGER, site=site_a))
    calls = [
        ("post", f"/api/v1/haccp/plans/{plan.pk}/approve/", {}),
        ("post", f"/api/v1/haccp/plans/{plan.pk}/new-revision/", {}),
        ("post", f"/api/v1/haccp/steps/{step.pk}/verify/", {"verified_on": timezone.localdate()}),
        ("patch", f"/api/v1/haccp/steps/{step.pk}/", {"name": "X"}),
        ("post", f"/api/v1/haccp/hazards/{hazard.pk}/classify-oprp/", {"justification": "X"}),
        ("post", f"/api/v1/haccp/hazards/{hazard.pk}/reset-tree/", {}),
        ("patch", f"/api/v1/haccp/hazards/{hazard.pk}/", {"likelihood": 1}),
        ("patch", f"/api/v1/haccp/control-points/{control.pk}/", {"unit": "K"}),
    ]
    for method, url, data in calls:
        assert getattr(reader, method)(url, data, format="json").status_code == 403, url
        assert getattr(outsider, method)(url, data, format="json").status_code == 404, url
    assert (
        reader.post(
            "/api/v1/haccp/control-points/", {"hazard": hazard.pk, "unit": "K"}, format="json"
        ).status_code
        == 403
    )
    assert (
        outsider.post(
            "/api/v1/haccp/control-points/", {"hazard": hazard.pk, "unit": "K"}, format="json"
        ).status_code
        == 404
    )
    assert HaccpPlan.objects.get().status == "draft"
    hazard.refresh_from_db()
    assert hazard.outcome == "ccp"

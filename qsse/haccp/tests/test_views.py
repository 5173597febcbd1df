from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from qsse.core.choices import Role
from qsse.haccp.models import HaccpPlan, Hazard

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True, username="claire")


def test_list_and_tabs(client, manager, site_b, django_assert_max_num_queries):
    for index in range(3):
        plan = build_plan(manager.user, site_b, title=f"Plan {index}")
    build_ccp(manager.user, plan)
    client.force_login(manager.user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("haccp:plan_list"))
    assert response.status_code == 200
    assert "Plan 2" in response.content.decode()
    for tab in ("team", "flow", "hazards", "ccp", "records"):
        response = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": tab})
        assert response.status_code == 200, tab
    flow = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "flow"}).content.decode()
    assert "CCP 1" in flow and "<svg" in flow
    ccp = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "ccp"}).content.decode()
    assert "≥ 63" in ccp


def test_create_plan_step_hazard_and_tree_through_pages(client, manager, site_b):
    client.force_login(manager.user)
    response = client.post(
        reverse("haccp:plan_create"),
        {"title": "Plan cantine", "site": site_b.pk, "tree_version": "codex_2003", "leader": manager.pk},
    )
    plan = HaccpPlan.objects.get(title="Plan cantine")
    assert response.status_code == 302
    client.post(reverse("haccp:step_add", args=[plan.pk]), {"name": "Cuisson", "kind": "cooking"})
    step = plan.steps.get()
    client.post(
        reverse("haccp:hazard_add", args=[plan.pk]),
        {
            "step": step.pk,
            "category": "biological",
            "description": "Salmonella",
            "likelihood": 3,
            "severity": 4,
        },
    )
    hazard = Hazard.objects.get()
    assert hazard.score == 12
    url = reverse("haccp:hazard_tree", args=[hazard.pk])
    response = client.post(url, {"question": "q1", "answer": "yes"}, HTTP_HX_REQUEST="true")
    assert "Q2." in response.content.decode()
    response = client.post(url, {"question": "q2", "answer": "yes"}, HTTP_HX_REQUEST="true")
    assert (
        "This step is a critical control point" in response.content.decode()
        or "CCP" in response.content.decode()
    )
    hazard.refresh_from_db()
    assert hazard.outcome == "ccp"
    response = client.post(
        reverse("haccp:control_point_edit", args=[hazard.pk]),
        {"limit_min": "63", "unit": "°C", "monitoring_what": "Température à cœur"},
    )
    assert response.status_code == 302
    assert hazard.control_point.code == "CCP 1"


def test_out_of_limit_record_page(client, manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, _hazard, control = build_ccp(manager.user, plan)
    client.force_login(manager.user)
    at = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("haccp:record_add", args=[plan.pk]),
        {"control_point": control.pk, "measured_at": at, "value": "55"},
    )
    assert response.status_code == 302
    page = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "records"}).content.decode()
    assert "table-danger" in page and "NC-" in page


def test_hazard_export(client, manager, site_b):
    plan = build_plan(manager.user, site_b)
    build_ccp(manager.user, plan)
    client.force_login(manager.user)
    response = client.get(reverse("haccp:hazards_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_reader_gets_403_and_other_site_404(client, member, manager, site_a, site_b):
    plan = build_plan(manager.user, site_b)
    reader = member(Role.READER, site=site_b)
    client.force_login(reader.user)
    assert client.get(reverse("haccp:plan_create")).status_code == 403
    assert client.post(reverse("haccp:step_add", args=[plan.pk]), {"name": "X"}).status_code == 403
    other = member(Role.QSSE_MANAGER, site=site_a)
    client.force_login(other.user)
    assert plan.reference not in client.get(reverse("haccp:plan_list")).content.decode()
    assert client.get(reverse("haccp:plan_detail", args=[plan.pk])).status_code == 404

"""Readers cannot write (pages and API); a user scoped to one site does not see another's plans."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.surveillance.models import ControlResult, SurveillancePlan

from .factories import make_plan, make_point

pytestmark = pytest.mark.django_db
BASE = "/api/v1/surveillance/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def reader(member, site_a):
    return member(Role.READER, site=site_a)


def test_reader_gets_403_on_the_pages(client, reader, plan, point):
    client.force_login(reader.user)
    assert client.get(reverse("surveillance:plan_detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("surveillance:plan_create")).status_code == 403
    assert client.get(reverse("surveillance:plan_edit", args=[plan.pk])).status_code == 403
    assert client.get(reverse("surveillance:control_point_create", args=[plan.pk])).status_code == 403
    assert client.get(reverse("surveillance:control_point_edit", args=[point.pk])).status_code == 403
    response = client.post(
        reverse("surveillance:control_result_create", args=[point.pk]),
        {"performed_on": "2026-01-12", "value": "20"},
    )
    assert response.status_code == 403
    assert ControlResult.objects.count() == 0
    page = client.get(reverse("surveillance:control_point_detail", args=[point.pk])).content.decode()
    assert "Record a result" not in page and "Enregistrer un résultat" not in page


def test_reader_gets_403_on_the_api(reader, plan, point, manager, site_a):
    client = api(reader)
    assert client.get(f"{BASE}plans/").status_code == 200
    assert (
        client.post(f"{BASE}plans/", {"title": "X", "owner": manager.pk, "site": site_a.pk}).status_code
        == 403
    )
    response = client.post(
        f"{BASE}results/", {"control_point": point.pk, "performed_on": "2026-01-12", "value": "20"}
    )
    assert response.status_code == 403
    assert client.patch(f"{BASE}control-points/{point.pk}/", {"what": "X"}).status_code == 403
    assert SurveillancePlan.objects.count() == 1


def test_contributor_edits_only_the_controls_they_are_responsible_for(member, manager, plan, point, site_a):
    operator = member(Role.CONTRIBUTOR, site=site_a)
    own = make_point(manager.user, plan, operator, reference="CN-01", what="Fluide")
    client = api(operator)
    assert client.patch(f"{BASE}control-points/{own.pk}/", {"unit": "%"}, format="json").status_code == 200
    assert client.patch(f"{BASE}control-points/{point.pk}/", {"unit": "%"}, format="json").status_code == 403


def test_site_scope_on_pages_and_api(client, member, manager, site_a, site_b, plan, point):
    other_plan = make_plan(manager.user, manager, site_b, title="Plan Moulins")
    other_point = make_point(manager.user, other_plan, manager, reference="MOU-01")
    moulins = member(Role.QSSE_MANAGER, site=site_b)
    client.force_login(moulins.user)
    body = client.get(reverse("surveillance:plan_list")).content.decode()
    assert "Plan Moulins" in body and plan.title not in body
    assert client.get(reverse("surveillance:plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("surveillance:control_point_detail", args=[point.pk])).status_code == 404
    calendar = client.get(reverse("surveillance:calendar") + "?month=2026-01")
    assert [item.point for item in calendar.context["due"]] == [other_point]
    rest = api(moulins)
    assert [row["title"] for row in rest.get(f"{BASE}plans/").json()["results"]] == ["Plan Moulins"]
    assert [row["id"] for row in rest.get(f"{BASE}control-points/").json()["results"]] == [other_point.pk]
    assert rest.get(f"{BASE}control-points/{point.pk}/").status_code == 404
    response = rest.post(
        f"{BASE}results/", {"control_point": point.pk, "performed_on": "2026-01-12", "value": "20"}
    )
    assert response.status_code == 400
    assert ControlResult.objects.count() == 0
    assert date(2026, 1, 5) == other_point.next_due_on

"""Roles and site scope on the audit pages and API (reader 403, other site invisible)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.audits import services
from qsse.core.choices import Role

from .factories import AuditWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def test_reader_cannot_write_programmes_ui_or_api(client, world, member, site_a):
    programme = services.programme_create(user=world.manager.user, title="P", start_year=2025, end_year=2027)
    reader = member(Role.READER, site=site_a, username="reader")
    client.force_login(reader.user)
    assert client.get(programme.get_absolute_url()).status_code == 200
    assert client.get(reverse("audits:programme_edit", args=[programme.pk])).status_code == 403
    assert client.post(reverse("audits:programme_item_add", args=[programme.pk]), {}).status_code == 403
    api = APIClient()
    api.force_authenticate(reader.user)
    assert (
        api.post(
            "/api/v1/audits/programmes/", {"title": "x", "start_year": 2025, "end_year": 2026}
        ).status_code
        == 403
    )
    assert (
        api.post(f"/api/v1/audits/programmes/{programme.pk}/items/", {"planned_year": 2025}).status_code
        == 403
    )


def test_reader_cannot_answer_the_checklist(client, world, member, site_a):
    audit = world.audit()
    question = services.checklist_question_add(user=world.manager.user, audit=audit, question="Q ?")
    reader = member(Role.READER, site=site_a, username="reader")
    client.force_login(reader.user)
    url = reverse("audits:checklist_answer", args=[audit.pk, question.pk])
    assert client.post(url, {"answer": "conform"}).status_code == 403
    assert (
        client.post(
            reverse("audits:checklist_sync", args=[audit.pk]), "{}", content_type="application/json"
        ).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.answer == "not_assessed"


def test_site_scope_on_programmes(client, world, member, site_a, site_b):
    mine = services.programme_create(
        user=world.manager.user, title="Montluçon", start_year=2025, end_year=2027, site=site_a
    )
    shared = services.programme_create(
        user=world.manager.user, title="Groupe", start_year=2025, end_year=2027
    )
    other = member(Role.QSSE_MANAGER, site=site_b, username="moulins")
    client.force_login(other.user)
    page = client.get(reverse("audits:programme_list")).content.decode()
    assert "Groupe" in page and "Montluçon" not in page
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert client.get(shared.get_absolute_url()).status_code == 200
    api = APIClient()
    api.force_authenticate(other.user)
    data = api.get("/api/v1/audits/programmes/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [row["title"] for row in rows] == ["Groupe"]


def test_auditors_edit_only_their_audits(client, world, member, site_a):
    audit = world.audit()
    outsider = member(Role.AUDITOR, site=site_a, username="outsider")
    client.force_login(outsider.user)
    assert client.get(reverse("audits:audit_edit", args=[audit.pk])).status_code == 403
    client.force_login(world.auditor.user)  # team member
    assert client.get(reverse("audits:audit_edit", args=[audit.pk])).status_code == 200

"""/api/v1/nonconformities/: scoped lists, nested analysis, writes through the services, workflow."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.nonconformities import services
from qsse.nonconformities.choices import IshikawaCategory, NonconformityStatus
from qsse.nonconformities.models import IshikawaCause, Nonconformity, RootCause

from .factories import complete_action, make_corrective_action, make_nc

pytestmark = pytest.mark.django_db
URL = "/api/v1/nonconformities/"


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER)


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_list_is_scoped_and_filtered(manager, member, site_a, site_b):
    make_nc(manager.user, site_a, title="Burr", category="product")
    make_nc(manager.user, site_a, title="Late delivery", kind="complaint", category="service")
    other = member(Role.QSSE_MANAGER, site=site_b)
    make_nc(other.user, site_b, title="Moulins record")
    response = api(manager).get(URL, {"kind": "complaint"})
    assert response.status_code == 200
    assert [row["reference"] for row in response.data["results"]] == ["REC-2026-0001"]
    assert api(manager).get(URL, {"q": "burr"}).data["count"] == 1
    assert [row["title"] for row in api(other).get(URL).data["results"]] == ["Moulins record"]


def test_retrieve_nests_the_analysis(manager, site_a):
    nc = make_nc(manager.user, site_a)
    services.why_steps_set(user=manager.user, nonconformity=nc, steps=[("Why a burr?", "Worn tool")])
    services.ishikawa_cause_add(
        user=manager.user,
        nonconformity=nc,
        category=IshikawaCategory.MACHINE,
        text="Worn tool",
        is_retained=True,
    )
    _, action = make_corrective_action(manager.user, nc, manager)
    data = api(manager).get(f"{URL}{nc.pk}/").data
    assert data["status"] == "action"
    assert data["why_steps"] == [{"position": 1, "question": "Why a burr?", "answer": "Worn tool"}]
    assert [(c["category"], c["text"], c["is_retained"]) for c in data["ishikawa_causes"]] == [
        ("machine", "Worn tool", True)
    ]
    assert [rc["description"] for rc in data["root_causes"]] == [
        "Worn tool",
        "Worn deburring tool not replaced",
    ]
    assert data["root_causes"][1]["actions"][0]["reference"] == action.reference


def test_create_validates_through_the_service(manager, site_a):
    client = api(manager)
    response = client.post(
        URL,
        {
            "kind": "complaint",
            "title": "Scratches",
            "site": site_a.pk,
            "detected_on": "2026-03-02",
            "customer_name": "Stellantis",
        },
        format="json",
    )
    assert response.status_code == 400 and "customer_reference" in response.data
    assert Nonconformity.objects.count() == 0
    response = client.post(
        URL,
        {
            "kind": "complaint",
            "title": "Scratches",
            "site": site_a.pk,
            "detected_on": "2026-03-02",
            "customer_name": "Stellantis",
            "customer_reference": "CLM-77",
        },
        format="json",
    )
    assert response.status_code == 201
    assert (response.data["reference"], response.data["origin"]) == ("REC-2026-0001", "customer")
    patch = client.patch(f"{URL}{response.data['id']}/", {"severity": 3}, format="json")
    assert patch.status_code == 200 and patch.data["severity"] == 3


def test_permissions(member, manager, site_a, site_b):
    nc = make_nc(manager.user, site_a)
    reader = member(Role.READER)
    assert (
        api(reader)
        .post(URL, {"title": "x", "site": site_a.pk, "detected_on": "2026-03-02"}, format="json")
        .status_code
        == 403
    )
    assert api(reader).post(f"{URL}{nc.pk}/close/").status_code == 403
    assert api(reader).delete(f"{URL}{nc.pk}/").status_code == 403
    contributor = member(Role.CONTRIBUTOR)
    assert api(contributor).patch(f"{URL}{nc.pk}/", {"title": "x"}, format="json").status_code == 403
    other = member(Role.QSSE_MANAGER, site=site_b)
    assert api(other).get(f"{URL}{nc.pk}/").status_code == 404
    assert (
        api(other)
        .post(URL, {"title": "x", "site": site_a.pk, "detected_on": "2026-03-02"}, format="json")
        .status_code
        == 400
    )  # site A is not a choice for them
    nc.refresh_from_db()
    assert nc.title == "Burr on bore Ø12"


def test_close_workflow(manager, site_a):
    nc = make_nc(manager.user, site_a)
    client = api(manager)
    refused = client.post(f"{URL}{nc.pk}/close/", {"comment": "ok"}, format="json")
    assert refused.status_code == 400
    assert refused.data["non_field_errors"] == ["Aucune action corrective n’a encore été créée."]
    _, action = make_corrective_action(manager.user, nc, manager)
    complete_action(manager.user, action)
    closed = client.post(f"{URL}{nc.pk}/close/", {"comment": "No recurrence"}, format="json")
    assert closed.status_code == 200 and closed.data["status"] == NonconformityStatus.CLOSED
    reopened = client.post(f"{URL}{nc.pk}/reopen/", {"reason": "Recurrence at the customer"}, format="json")
    assert reopened.data["status"] == NonconformityStatus.ACTION


def test_nested_writes(manager, site_a):
    nc = make_nc(manager.user, site_a)
    client = api(manager)
    whys = client.put(
        f"{URL}{nc.pk}/why-steps/", {"steps": [{"question": "Why?", "answer": "Worn tool"}]}, format="json"
    )
    assert whys.status_code == 200 and whys.data == [
        {"position": 1, "question": "Why?", "answer": "Worn tool"}
    ]
    cause = client.post(
        f"{URL}{nc.pk}/ishikawa-causes/", {"category": "method", "text": "No work instruction"}, format="json"
    )
    assert cause.status_code == 201 and IshikawaCause.objects.get().text == "No work instruction"
    root = client.post(
        f"{URL}{nc.pk}/root-causes/",
        {"description": "No work instruction", "source": "ishikawa"},
        format="json",
    )
    assert root.status_code == 201
    action = client.post(
        f"{URL}{nc.pk}/root-causes/{root.data['id']}/actions/",
        {"title": "Write the work instruction", "owner": manager.pk, "due_on": "2099-01-31"},
        format="json",
    )
    assert action.status_code == 201 and action.data["reference"].startswith("ACT-")
    assert RootCause.objects.get().actions.count() == 1


def test_delete_needs_delete_and_no_actions(manager, site_a):
    nc = make_nc(manager.user, site_a)
    make_corrective_action(manager.user, nc, manager)
    assert api(manager).delete(f"{URL}{nc.pk}/").status_code == 400
    empty = make_nc(manager.user, site_a, detected_on=date(2026, 1, 5))
    assert api(manager).delete(f"{URL}{empty.pk}/").status_code == 204
    assert not Nonconformity.objects.filter(pk=empty.pk).exists()


def test_schema_has_no_error_for_this_api(client, manager):
    client.force_login(manager.user)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/nonconformities/{id}/close/" in response.content

"""/api/v1/reviews/: CRUD through the services, workflow actions, inputs and decisions."""

import pytest
from rest_framework.test import APIClient

from qsse.actions.models import Action
from qsse.core import registry
from qsse.core.choices import Role
from qsse.core.registry import ReviewInputSection
from qsse.reviews.models import ManagementReview

pytestmark = pytest.mark.django_db
URL = "/api/v1/reviews/management/"
PROCESS_URL = "/api/v1/reviews/process/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def _payload(director, **extra):
    return {
        "title": "Revue de direction 2025",
        "held_on": "2026-01-22",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "chair": director.pk,
        "participants": [director.pk],
        **extra,
    }


def test_create_collect_comment_decide_hold_and_sign(manager, director, monkeypatch):
    def provider(user, start, end, site_ids, process_id):
        return [
            ReviewInputSection(key="audit_results", title="Audit interne 2025", figures=(("Écarts", "4"),))
        ]

    monkeypatch.setattr(registry, "review_input_providers", [provider])
    client = api(manager)
    response = client.post(URL, _payload(director), format="json")
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert response.data["reference"] == "RDD-2026-0001"
    assert response.data["status"] == "draft"
    assert response.data["minutes_url"] == f"/reviews/{pk}/minutes.pdf"

    inputs = client.post(f"{URL}{pk}/collect-inputs/").data
    assert [item["input_key"] for item in inputs][:3] == [
        "previous_actions",
        "context_changes",
        "customer_satisfaction",
    ]
    audit = next(item for item in inputs if item["input_key"] == "audit_results")
    assert audit["sections"][0]["title"] == "Audit interne 2025"
    assert audit["sections"][0]["figures"] == [["Écarts", "4"]]

    response = client.post(
        f"{URL}{pk}/inputs/{audit['id']}/comment/", {"comment": "Écarts soldés."}, format="json"
    )
    assert response.data["comment"] == "Écarts soldés."
    assert client.get(f"{URL}{pk}/inputs/").data[7]["comment"] == "Écarts soldés."

    response = client.post(
        f"{URL}{pk}/decisions/",
        {
            "output_kind": "qms_change",
            "text": "Réviser la cartographie",
            "owner": director.pk,
            "due_on": "2026-03-31",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    action = Action.objects.get()
    assert response.data["action_reference"] == action.reference
    assert response.data["action_status"] == "planned"
    assert len(client.get(f"{URL}{pk}/decisions/").data) == 1

    assert client.post(f"{URL}{pk}/freeze/").data["status"] == "inputs_frozen"
    assert client.post(f"{URL}{pk}/collect-inputs/").status_code == 400
    assert client.post(f"{URL}{pk}/held/").data["status"] == "held"
    response = api(director).post(f"{URL}{pk}/sign/")
    assert response.data["status"] == "signed"
    assert response.data["signed_by_name"] == "Jean-Marc Vernet – Directeur général"
    response = client.patch(f"{URL}{pk}/", {"title": "Autre"}, format="json")
    assert response.status_code == 400
    assert "signée" in str(response.data)


def test_invalid_period_is_a_400(manager, director):
    response = api(manager).post(
        URL, _payload(director, period_start="2025-12-31", period_end="2025-01-01"), format="json"
    )
    assert response.status_code == 400
    assert "period_end" in response.data
    assert not ManagementReview.objects.exists()


def test_list_is_scoped_by_site(manager, director, member, site_a, site_b, make_review):
    make_review(title="Revue Montluçon", site=site_a)
    make_review(title="Revue Moulins", site=site_b)
    make_review(title="Revue groupe")
    moulins = member(Role.READER, site=site_b)
    titles = {row["title"] for row in api(moulins).get(URL).data["results"]}
    assert titles == {"Revue Moulins", "Revue groupe"}
    assert api(manager).get(URL).data["count"] == 3


def test_process_review_api(member, make_process):
    owner = member(Role.PROCESS_OWNER, username="owner")
    process = make_process("REA-05", owner=owner)
    client = api(owner)
    response = client.post(
        PROCESS_URL,
        {
            "process": process.pk,
            "held_on": "2026-07-10",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["owner"] == owner.pk
    pk = response.data["id"]
    assert client.post(f"{PROCESS_URL}{pk}/collect-inputs/").status_code == 200
    response = client.patch(f"{PROCESS_URL}{pk}/", {"conclusion": "Processus performant."}, format="json")
    assert response.data["conclusion"] == "Processus performant."
    assert client.post(f"{PROCESS_URL}{pk}/held/").data["status"] == "held"
    assert client.post(f"{PROCESS_URL}{pk}/sign/").data["status"] == "signed"


def test_delete_a_draft(manager, make_review):
    review = make_review()
    assert api(manager).delete(f"{URL}{review.pk}/").status_code == 204
    assert not ManagementReview.objects.exists()

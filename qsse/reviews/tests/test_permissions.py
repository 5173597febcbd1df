"""Who may do what: readers read, the QSSE manager manages, a process owner reviews their own processes."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.reviews import services

pytestmark = pytest.mark.django_db
URL = "/api/v1/reviews/management/"
PROCESS_URL = "/api/v1/reviews/process/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def reader(member):
    return member(Role.READER, username="reader")


def test_reader_reads_but_cannot_change_a_management_review_in_the_pages(
    client, reader, make_review, director
):
    review = make_review()
    client.force_login(reader.user)
    assert client.get(reverse("reviews:management_review_list")).status_code == 200
    page = client.get(review.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("reviews:management_review_collect", args=[review.pk]) not in content
    assert "Ajouter une décision" not in content
    assert client.get(reverse("reviews:management_review_create")).status_code == 403
    assert client.get(reverse("reviews:management_review_edit", args=[review.pk])).status_code == 403
    for name in ("collect", "freeze", "held", "sign"):
        response = client.post(reverse(f"reviews:management_review_{name}", args=[review.pk]))
        assert response.status_code == 403, name
    entry = review.inputs.first()
    url = reverse("reviews:input_comment", args=["management", review.pk, entry.pk])
    assert client.post(url, {"comment": "x"}).status_code == 403
    url = reverse("reviews:decision_add", args=["management", review.pk])
    response = client.post(
        url, {"output_kind": "improvement", "text": "x", "owner": director.pk, "due_on": "2026-06-30"}
    )
    assert response.status_code == 403
    assert client.get(reverse("reviews:management_review_minutes", args=[review.pk])).status_code == 200


def test_reader_gets_403_from_the_api(reader, make_review, director):
    review = make_review()
    client = api(reader)
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{review.pk}/inputs/").status_code == 200
    assert client.post(URL, {"title": "x"}, format="json").status_code == 403
    assert client.patch(f"{URL}{review.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{URL}{review.pk}/collect-inputs/").status_code == 403
    assert client.post(f"{URL}{review.pk}/freeze/").status_code == 403
    response = client.post(
        f"{URL}{review.pk}/decisions/",
        {"output_kind": "improvement", "text": "x", "owner": director.pk, "due_on": "2026-06-30"},
        format="json",
    )
    assert response.status_code == 403
    assert client.post(f"{URL}{review.pk}/sign/").status_code == 403
    assert client.delete(f"{URL}{review.pk}/").status_code == 403


def test_user_of_one_site_does_not_see_another_sites_review(client, member, make_review, site_a, site_b):
    make_review(title="Revue Montluçon", site=site_a)
    other = make_review(title="Revue Moulins", site=site_b)
    person = member(Role.READER, site=site_a, username="mtl")
    client.force_login(person.user)
    rows = client.get(reverse("reviews:management_review_list")).context["rows"]
    assert [row.title for row, _cells in rows] == ["Revue Montluçon"]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert api(person).get(f"{URL}{other.pk}/").status_code == 404


@pytest.fixture
def two_process_reviews(manager, member, make_process):
    owner = member(Role.PROCESS_OWNER, username="owner")
    other = member(Role.PROCESS_OWNER, username="other")
    mine = services.process_review_create(
        user=manager.user,
        process=make_process("REA-05", owner=owner),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        held_on=date(2026, 7, 10),
    )
    theirs = services.process_review_create(
        user=manager.user,
        process=make_process("REA-06", owner=other),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        held_on=date(2026, 7, 10),
    )
    return owner, mine, theirs


def test_process_owner_edits_their_own_process_review_only(client, two_process_reviews):
    owner, mine, theirs = two_process_reviews
    client.force_login(owner.user)
    assert client.get(reverse("reviews:process_review_edit", args=[mine.pk])).status_code == 200
    assert client.post(reverse("reviews:process_review_collect", args=[mine.pk])).status_code == 302
    assert client.get(theirs.get_absolute_url()).status_code == 200  # they read it
    assert client.get(reverse("reviews:process_review_edit", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("reviews:process_review_collect", args=[theirs.pk])).status_code == 403
    client_api = api(owner)
    assert (
        client_api.patch(f"{PROCESS_URL}{mine.pk}/", {"conclusion": "OK"}, format="json").status_code == 200
    )
    assert (
        client_api.patch(f"{PROCESS_URL}{theirs.pk}/", {"conclusion": "OK"}, format="json").status_code == 403
    )
    assert client_api.post(f"{PROCESS_URL}{theirs.pk}/collect-inputs/").status_code == 403


def test_process_owner_cannot_manage_management_reviews(client, member, make_review):
    owner = member(Role.PROCESS_OWNER, username="owner")
    review = make_review()
    client.force_login(owner.user)
    assert client.get(reverse("reviews:management_review_create")).status_code == 403
    assert client.post(reverse("reviews:management_review_collect", args=[review.pk])).status_code == 403

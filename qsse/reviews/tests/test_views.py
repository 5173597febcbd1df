"""Pages of the reviews module: lists, creation, review page, inline comment and decision, workflow."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qsse.actions.choices import ActionType
from qsse.actions.models import Action
from qsse.reviews import services
from qsse.reviews.choices import ManagementReviewStatus, ReviewInput
from qsse.reviews.models import ManagementReview

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


def test_list_sorts_filters_and_stays_within_a_query_budget(
    client_manager, make_review, site_a, django_assert_max_num_queries
):
    for year in range(2015, 2026):
        make_review(title=f"Revue {year}", held_on=date(year + 1, 1, 20))
    make_review(title="Revue Montluçon", held_on=date(2026, 2, 1), site=site_a)
    url = reverse("reviews:management_review_list")
    with django_assert_max_num_queries(12):
        response = client_manager.get(url)
    assert response.status_code == 200
    titles = [row.title for row, _cells in response.context["rows"]]
    assert titles[:2] == ["Revue Montluçon", "Revue 2025"]
    assert len(titles) == 12
    response = client_manager.get(url, {"sort": "held_on"})
    assert [row.title for row, _cells in response.context["rows"]][0] == "Revue 2015"
    response = client_manager.get(url, {"year": "2026"})
    assert {row.title for row, _cells in response.context["rows"]} == {"Revue 2025", "Revue Montluçon"}
    response = client_manager.get(url, {"site": site_a.pk})
    assert [row.title for row, _cells in response.context["rows"]] == ["Revue Montluçon"]
    response = client_manager.get(url, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_create_a_management_review(client_manager, director, manager):
    response = client_manager.get(reverse("reviews:management_review_create"))
    assert response.status_code == 200
    response = client_manager.post(
        reverse("reviews:management_review_create"),
        {
            "title": "Revue de direction 2025",
            "held_on": "2026-01-22",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "chair": director.pk,
            "participants": [manager.pk, director.pk],
            "location": "Montluçon",
            "language": "fr",
        },
    )
    review = ManagementReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert review.reference == "RDD-2026-0001"
    assert set(review.participants.all()) == {manager, director}
    assert review.inputs.count() == 12


def test_wrong_period_shows_an_error_and_saves_nothing(client_manager, director):
    response = client_manager.post(
        reverse("reviews:management_review_create"),
        {
            "title": "Revue",
            "held_on": "2026-01-22",
            "period_start": "2025-12-31",
            "period_end": "2025-01-01",
            "chair": director.pk,
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert "La fin de la période ne peut pas précéder son début." in response.content.decode()
    assert not ManagementReview.objects.exists()


def test_review_page_shows_the_inputs_in_order(client_manager, make_review, no_providers):
    review = make_review()
    client_manager.post(reverse("reviews:management_review_collect", args=[review.pk]))
    response = client_manager.get(review.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    positions = [content.index(f'data-input="{key}"') for key in ReviewInput.values]
    assert positions == sorted(positions)
    assert "Décisions des revues précédentes" in content
    assert content.count("Pas encore de données dans OpenQSSE — à compléter.") == 11
    assert "Figer les éléments d'entrée" in content


def test_inline_comment_with_htmx(client_manager, make_review, no_providers):
    review = make_review()
    entry = review.inputs.get(input_key=ReviewInput.RESOURCES)
    url = reverse("reviews:input_comment", args=["management", review.pk, entry.pk])
    form = client_manager.get(url, {"edit": "1"}, **HTMX)
    assert "<textarea" in form.content.decode()
    response = client_manager.post(url, {"comment": "Deux régleurs à recruter."}, **HTMX)
    assert response.status_code == 200
    assert "Deux régleurs à recruter." in response.content.decode()
    entry.refresh_from_db()
    assert entry.comment == "Deux régleurs à recruter."


def test_add_a_decision_inline_creates_its_action(client_manager, make_review, director):
    review = make_review()
    url = reverse("reviews:decision_add", args=["management", review.pk])
    response = client_manager.post(
        url,
        {
            "output_kind": "improvement",
            "text": "Déployer le SMED",
            "owner": director.pk,
            "due_on": "2026-06-30",
        },
        **HTMX,
    )
    assert response.status_code == 200
    action = Action.objects.get()
    assert action.type == ActionType.IMPROVEMENT
    assert action.reference in response.content.decode()
    # Missing text: the form says so, nothing is written.
    response = client_manager.post(
        url, {"output_kind": "improvement", "owner": director.pk, "due_on": "2026-06-30"}, **HTMX
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Action.objects.count() == 1


def test_workflow_buttons_up_to_the_signature(client_manager, make_review, no_providers):
    review = make_review()
    for name in ("collect", "freeze", "held", "sign"):
        response = client_manager.post(reverse(f"reviews:management_review_{name}", args=[review.pk]))
        assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ManagementReviewStatus.SIGNED
    content = client_manager.get(review.get_absolute_url()).content.decode()
    assert "Cette revue est signée : elle est en lecture seule." in content
    assert "Ajouter une décision" not in content
    edit = client_manager.get(reverse("reviews:management_review_edit", args=[review.pk]))
    assert edit.status_code == 403


def test_a_refused_step_is_explained(client_manager, make_review):
    review = make_review()
    response = client_manager.post(reverse("reviews:management_review_freeze", args=[review.pk]), follow=True)
    assert "Collectez les éléments d&#x27;entrée avant de les figer." in response.content.decode()


def test_process_review_pages(client, member, make_process):
    from qsse.core.choices import Role

    owner = member(Role.PROCESS_OWNER, username="owner")
    process = make_process("REA-05", owner=owner)
    client.force_login(owner.user)
    response = client.post(
        reverse("reviews:process_review_create"),
        {
            "process": process.pk,
            "held_on": "2026-07-10",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
    )
    assert response.status_code == 302
    review = services_review = process.reviews.get()
    assert services_review.owner == owner
    page = client.get(review.get_absolute_url())
    assert "Revue du processus REA-05" in page.content.decode()
    listing = client.get(reverse("reviews:process_review_list"))
    assert [row.reference for row, _cells in listing.context["rows"]] == [review.reference]
    client.post(reverse("reviews:process_review_collect", args=[review.pk]))
    review.refresh_from_db()
    assert review.inputs_collected_at is not None
    pdf = client.get(reverse("reviews:process_review_minutes", args=[review.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_dashboard_widget_and_search(client_manager, make_review, director, manager):
    review = make_review(held_on=date(2030, 1, 20))
    services.review_decision_create(
        user=manager.user,
        review=review,
        output_kind="improvement",
        text="Action ancienne",
        owner=director,
        due_on=date(2026, 1, 31),
    )
    content = client_manager.get("/").content.decode()
    assert "Prochaine revue :" in content
    assert review.reference in content
    assert "1 décision de revue en retard" in content
    search = client_manager.get(reverse("core:search"), {"q": "RDD-2030"})
    assert review.reference in search.content.decode()


def test_review_page_query_count_does_not_grow_with_decisions(
    client_manager, make_review, manager, director, no_providers, django_assert_max_num_queries
):
    review = make_review()
    services.management_review_collect_inputs(user=manager.user, review=review)

    def decide(count):
        for index in range(count):
            services.review_decision_create(
                user=manager.user,
                review=review,
                output_kind="improvement",
                text=f"Décision {index}",
                owner=director if index % 2 else manager,
                due_on=date(2026, 6, 30),
            )

    decide(1)
    with CaptureQueriesContext(connection) as one:
        client_manager.get(review.get_absolute_url())
    decide(10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client_manager.get(review.get_absolute_url())
    assert len(response.context["decisions"]) == 11

"""End to end in Chromium, in French: a management review from creation to the signed minutes, and
the accessibility (axe-core, WCAG 2.1 AA) of the review page."""

import os

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.reviews.models import ManagementReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("REVIEWS_SCREENSHOTS")  # a folder, to look at the pages while developing


def test_management_review_from_creation_to_signed_minutes(page, live_server, member):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    manager.first_name, manager.last_name, manager.job_title = "Claire", "Morel", "Responsable QSSE"
    manager.save()
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/reviews/new/")
    page.locator("#id_title").fill("Revue de direction 2025")
    page.get_by_label("Date de la revue").fill("2026-01-22")
    page.get_by_label("Période du").fill("2025-01-01")
    page.get_by_label("Période au").fill("2025-12-31")
    page.get_by_label("Lieu").fill("Salle du conseil")
    page.get_by_label("Présidée par").select_option(label="Claire Morel")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("RDD-2026-0001")
    assert page.locator(".review-input").count() == 12

    page.get_by_role("button", name="Collecter les éléments d'entrée").click()
    expect(page.get_by_text("Éléments d'entrée collectés.")).to_be_visible()
    expect(page.get_by_text("Décisions des revues précédentes")).to_be_visible()

    # The analysis of an input, written in place (htmx).
    resources = page.locator('[data-input="resources"]')
    resources.get_by_role("link", name="Commenter").click()
    resources.get_by_label("Analyse de « d) Adéquation des ressources »").fill("Un régleur CNC à recruter.")
    resources.get_by_role("button", name="Enregistrer le commentaire").click()
    expect(resources.get_by_test_id("comment-text")).to_have_text("Un régleur CNC à recruter.")

    # A decision, and its action in the action plan.
    decisions = page.locator("#decisions")
    decisions.get_by_label("Type d'élément de sortie").select_option(label="Besoin en ressources")
    decisions.get_by_label("Décision").fill("Recruter un régleur CNC de nuit")
    decisions.get_by_label("Responsable").select_option(label="Claire Morel")
    decisions.get_by_label("Échéance").fill("2026-04-30")
    decisions.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#decisions tbody a")).to_have_text("ACT-2026-0001")
    action = Action.objects.get()
    assert action.title == "Recruter un régleur CNC de nuit"

    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/review-top.png")
        page.locator("#decisions").scroll_into_view_if_needed()
        page.screenshot(path=f"{SCREENSHOTS}/review-decisions.png")

    page.get_by_role("button", name="Figer les éléments d'entrée").click()
    page.get_by_role("button", name="Marquer comme tenue").click()
    page.get_by_role("button", name="Signer").click()
    expect(page.locator("#review-status")).to_contain_text("Signée")
    expect(page.get_by_text("Cette revue est signée : elle est en lecture seule.")).to_be_visible()
    assert ManagementReview.objects.get().status == "signed"

    # The minutes, in the review's language.
    response = page.request.get(live_server.url + page.locator("#minutes-link").get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    assert len(body) > 10_000

    # The linked action shows its origin.
    link = page.get_by_role("link", name=action.reference)
    link.click()
    expect(page.get_by_text("RDD-2026-0001").first).to_be_visible()


def test_review_pages_are_accessible(page, live_server, member):
    from datetime import date

    from qsse.processes import services as process_services
    from qsse.reviews import services

    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    process = process_services.process_create(
        user=manager.user, code="REA-05", name="Usinage", kind="realisation", owner=manager
    )
    review = services.process_review_create(
        user=manager.user,
        process=process,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        held_on=date(2026, 7, 9),
    )
    services.process_review_collect_inputs(user=manager.user, review=review)
    log_in(page, live_server, "manager")
    for url in ("/reviews/", "/reviews/process/", review.get_absolute_url(), "/reviews/process/new/"):
        page.goto(f"{live_server.url}{url}")
        violations = axe_violations(page)
        assert violations == [], f"{url}\n" + "\n".join(violations)

"""End to end in Chromium: the Kanban board's drag and drop, and the efficacy check of the detail page."""

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import log_in

from .factories import make_action, make_done

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drag_a_card_to_in_progress_persists_and_a_refused_drop_returns(page, live_server, member):
    manager = member(Role.QSSE_MANAGER, username="manager")
    action = make_action(user=manager.user, title="Sharpen the drill bits")
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/board/")

    card = page.locator(f'li.kanban-card[data-id="{action.pk}"]')
    in_progress = page.locator('ul.kanban-list[data-status="in_progress"]')
    card.drag_to(in_progress, source_position={"x": 4, "y": 4})
    expect(in_progress.locator(f'li[data-id="{action.pk}"]')).to_be_visible()
    expect(page.locator('[data-count="in_progress"]')).to_have_text("1")  # updated once the server accepted
    expect(page.locator('[data-count="planned"]')).to_have_text("0")
    action.refresh_from_db()
    assert action.status == "in_progress"

    page.reload()
    expect(page.locator(f'ul[data-status="in_progress"] li[data-id="{action.pk}"]')).to_be_visible()

    # "Efficacy checked" is reached only through the efficacy check: the server refuses, the card returns.
    checked = page.locator('ul.kanban-list[data-status="checked"]')
    page.locator(f'li.kanban-card[data-id="{action.pk}"]').drag_to(checked, source_position={"x": 4, "y": 4})
    expect(page.locator("#board-message")).to_contain_text("vérification de l'efficacité")
    expect(page.locator(f'ul[data-status="in_progress"] li[data-id="{action.pk}"]')).to_be_visible()
    expect(checked.locator("li")).to_have_count(0)
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_keyboard_alternative_moves_a_card(page, live_server, member):
    manager = member(Role.QSSE_MANAGER, username="manager")
    action = make_action(user=manager.user, title="Seal the degreasing tank")
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/board/")
    page.get_by_label(f"Statut de {action.reference}").select_option("done")
    page.locator(f'li[data-id="{action.pk}"]').get_by_role("button", name="Déplacer").click()
    expect(page.locator(f'ul[data-status="done"] li[data-id="{action.pk}"]')).to_be_visible()
    action.refresh_from_db()
    assert action.status == "done"


def test_check_efficacy_on_the_detail_page(page, live_server, member):
    manager = member(Role.QSSE_MANAGER, username="manager")
    action = make_done(make_action(user=manager.user, title="Replace the worn insert"), manager.user)
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    page.get_by_label("Efficace", exact=True).check()
    page.get_by_label("Preuves et commentaire").fill("No burr on the next 5 lots")
    page.get_by_role("button", name="Enregistrer la vérification de l'efficacité").click()
    expect(page.get_by_test_id("action-status")).to_have_text("Efficacité vérifiée")
    expect(page.get_by_test_id("efficacy-result")).to_have_text("Efficace")
    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.efficacy_result, action.efficacy_comment) == (
        "checked",
        "effective",
        "No burr on the next 5 lots",
    )


def test_list_figures_load_after_the_table_and_follow_the_filters(page, live_server, member):
    manager = member(Role.QSSE_MANAGER, username="manager")
    make_action(user=manager.user, title="Sharpen the drill bits", due_in=-2)
    make_action(user=manager.user, title="Seal the degreasing tank", due_in=5)
    make_done(make_action(user=manager.user, title="Retrain night shift"), manager.user)
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/")
    # Loaded by htmx once the page is shown: 3 actions, 1 overdue, 1 done of 3.
    expect(page.locator('#action-stats [data-stat="total"]')).to_have_text("3")
    expect(page.locator('#action-stats [data-stat="overdue"]')).to_have_text("1")
    expect(page.locator('#action-stats [data-stat="done_percent"]')).to_have_text("33 %")
    page.get_by_label("En retard", exact=True).select_option("yes")
    expect(page.locator("#list-table tbody tr")).to_have_count(1)
    expect(page.locator('#action-stats [data-stat="total"]')).to_have_text("1")
    expect(page.locator('#action-stats [data-stat="done_percent"]')).to_have_text("0 %")

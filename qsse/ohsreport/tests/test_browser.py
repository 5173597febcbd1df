"""End to end in Chromium (French interface): the QSSE manager opens the report of the third quarter
of 2026 for Montluçon, reads TF and TG, switches to the slides, moves to the next slide with the
keyboard and the buttons and back; no victim name on screen; axe-core WCAG 2.1 AA checks of the
page and of the slides."""

import pytest
from playwright.sync_api import expect

from qsse.core.tests.browser import axe_violations, log_in

from .conftest import VICTIM_LAST_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_then_slides_with_the_keyboard(page, live_server, manager, q3, site_a):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/ohs-report/?period=2026-Q3&site={site_a.pk}")
    expect(page.locator("h1")).to_contain_text("Rapport santé et sécurité au travail – T3 2026")
    # 2 accidents with lost time, 15 days, 30,000 hours: TF = 66,67; TG = 0,50.
    expect(page.locator("#figure-tf")).to_have_text("66,67")
    expect(page.locator("#figure-tg")).to_have_text("0,50")
    expect(page.locator("#rates-table tr[data-span='previous']")).to_contain_text("non calculable")
    expect(page.locator("#trend-chart svg")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(VICTIM_LAST_NAME)
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)

    page.get_by_role("link", name="Présenter en diaporama").click()
    counter = page.locator("#slide-counter")
    expect(counter).to_have_text("Diapositive 1 sur 6")
    expect(page.locator("#slide-summary")).to_be_visible()
    expect(page.locator("#slide-trend")).to_be_hidden()
    expect(page.get_by_role("button", name="Diapositive précédente")).to_be_disabled()
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)

    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("Diapositive 2 sur 6")
    expect(page.locator("#slide-trend")).to_be_visible()
    expect(page.locator("#slide-summary")).to_be_hidden()
    page.get_by_role("button", name="Diapositive suivante").click()
    expect(counter).to_have_text("Diapositive 3 sur 6")
    expect(page.locator("#slide-accidents")).to_contain_text("arbre des causes : 2 faits")
    expect(page.locator("#slide-accidents")).not_to_contain_text(VICTIM_LAST_NAME)
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("Diapositive 2 sur 6")
    page.keyboard.press("End")
    expect(counter).to_have_text("Diapositive 6 sur 6")
    expect(page.get_by_role("button", name="Diapositive suivante")).to_be_disabled()

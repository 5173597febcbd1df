"""End to end in Chromium (French interface): the QSSE manager declares the Montluçon gas boiler
(2910-A, 0,8 MW) and sees the site not classified with its reasoning; raises the power to 2,5 MW
across the 1 MW threshold ("supérieure ou égale à") and sees DC; then the status and catalogue
pages pass axe-core WCAG 2.1 AA checks."""

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.icpe.models import Rubrique

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(autouse=True)
def _patient_waits(page):
    """The shared test machine can be slow: wait longer for pages and assertions than the defaults."""
    page.set_default_timeout(60_000)
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def test_declare_installation_and_see_regime_change_across_threshold(page, live_server, member, site_a):
    member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    combustion = Rubrique.objects.get(code="2910-A")
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/icpe/installations/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclarer une installation")
    page.locator("#id_site").select_option(str(site_a.pk))
    page.locator("#id_name").fill("Chaudière gaz")
    page.locator("#id_rubrique").select_option(str(combustion.pk))
    page.locator("#id_quantity").fill("0.8")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()

    # Below 1 MW: not classified, with the reasoning.
    expect(page.get_by_role("heading", level=1)).to_have_text("Situation ICPE – Montluçon")
    expect(page.locator("#site-regime")).to_have_attribute("data-regime", "NC")
    expect(page.locator("#reasoning")).to_contain_text("2910-A: 0,8 MW < 1 MW → NC")
    expect(page.locator("#site-seveso")).to_have_text("Non Seveso")
    assert axe_violations(page) == []

    # 2.5 MW: "supérieure ou égale à 1 MW, mais inférieure à 20 MW" → DC.
    page.get_by_role("link", name="Chaudière gaz").click()
    page.get_by_role("link", name="Modifier la quantité – 2910-A").click()
    page.locator("#id_quantity").fill("2.5")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("la situation ICPE du site est mise à jour")
    expect(page.locator("#site-regime")).to_have_attribute("data-regime", "DC")
    expect(page.locator("#site-regime")).to_contain_text("Déclaration avec contrôle périodique (DC)")
    expect(page.locator("#reasoning")).to_contain_text("2910-A: 1 MW ≤ 2,5 MW < 20 MW → DC")
    expect(page.locator("#reasoning")).to_contain_text("Régime du site = max(DC) = DC (2910-A)")
    assert axe_violations(page) == []

    # The DC rubrique appears in the periodic-control reminders; catalogue and register pass axe.
    page.goto(f"{live_server.url}/icpe/controls/")
    expect(page.locator("#reminders-table")).to_contain_text("2910-A")
    assert axe_violations(page) == []
    for path, heading in (
        ("/icpe/rubriques/?q=2565", "Catalogue des rubriques ICPE"),
        ("/icpe/installations/", "Registre des installations ICPE"),
        ("/icpe/", "Situation ICPE des sites"),
        (f"/icpe/rubriques/{combustion.pk}/", "2910-A"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert axe_violations(page) == [], path

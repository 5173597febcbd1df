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


def test_rubrique_added_by_the_organisation_classifies_its_installations(page, live_server, member, site_a):
    """A rubrique missing from the shipped catalogue is added with two thresholds; an installation
    declared under it takes the regime those thresholds give, and moving a threshold changes it."""
    member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/icpe/rubriques/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajouter une rubrique")
    page.locator("#id_code").fill("9999-X")
    page.locator("#id_title_fr").fill("Stockage de bois traité")
    page.locator("#id_unit").select_option("m3")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("9999-X")
    expect(page.locator(".alert").first).to_contain_text("Rubrique ajoutée")
    expect(page.locator("#thresholds-table")).to_contain_text("Aucun seuil")

    for regime, value in (("D", "1000"), ("A", "20000")):
        page.get_by_role("link", name="Ajouter un seuil").click()
        page.locator("#id_regime").select_option(regime)
        page.locator("#id_value").fill(value)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.locator(".alert").first).to_contain_text("Seuil enregistré")
    expect(page.locator("#thresholds-table tbody tr")).to_have_count(2)
    expect(page.locator("#thresholds-table")).to_contain_text("≥ 1 000 m³")
    expect(page.locator("#thresholds-table")).to_contain_text("≥ 20 000 m³")
    assert axe_violations(page) == []

    # 1,500 m³ ≥ 1,000 m³ and < 20,000 m³: declaration.
    page.goto(f"{live_server.url}/icpe/installations/new/")
    page.locator("#id_site").select_option(str(site_a.pk))
    page.locator("#id_name").fill("Parc à bois")
    page.locator("#id_rubrique").select_option(str(Rubrique.objects.get(code="9999-X").pk))
    page.locator("#id_quantity").fill("1500")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#site-regime")).to_have_attribute("data-regime", "D")
    expect(page.locator("#reasoning")).to_contain_text("9999-X")

    # The organisation raises the declaration threshold to 2,000 m³: the park is no longer classified.
    page.goto(f"{live_server.url}/icpe/rubriques/?q=9999")
    page.get_by_role("link", name="9999-X").first.click()
    page.get_by_role("link", name="Modifier – D").click()
    page.locator("#id_value").fill("2000")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#thresholds-table")).to_contain_text("≥ 2 000 m³")
    page.goto(f"{live_server.url}/icpe/sites/{site_a.pk}/")
    expect(page.locator("#site-regime")).to_have_attribute("data-regime", "NC")
    expect(page.locator("#reasoning")).to_contain_text("1 500 m³ < 2 000 m³ → NC")

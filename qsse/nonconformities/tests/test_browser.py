"""End to end in Chromium: a customer complaint through the QQOQCCP form, a 5-whys chain and an
Ishikawa analysis, with the fishbone diagram drawn."""

import os

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import log_in
from qsse.nonconformities.models import IshikawaCause, Nonconformity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("NC_SCREENSHOTS")  # a folder, to look at the pages while developing


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_complaint_five_whys_and_ishikawa(page, live_server, member, site_a):
    member(Role.QSSE_MANAGER, username="manager")
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/nonconformities/new/")

    # The customer block appears when the kind is "customer complaint".
    expect(page.locator("#section-customer")).to_be_hidden()
    page.get_by_label("Réclamation client").check()
    expect(page.locator("#section-customer")).to_be_visible()
    expect(page.get_by_label("Origine")).to_have_value("customer")
    page.get_by_role("textbox", name="Titre (obligatoire)").fill("Rayures sur moyeux 4411")
    page.get_by_label("Client", exact=True).fill("Automobiles Peugeot")
    page.get_by_label("Gravité").select_option(label="Majeure")
    page.get_by_label("quoi ? (le problème)").fill("Rayures visibles sur la face d'appui")
    page.get_by_label("Produit / pièce").fill("Moyeu 4411")
    page.get_by_label("Quantité concernée").fill("120")
    shot(page, "1-form")
    page.get_by_role("button", name="Enregistrer").click()
    # The customer reference is required for a complaint: field message, nothing saved.
    expect(page.locator("#id_customer_reference_error")).to_contain_text("référence du client")
    assert Nonconformity.objects.count() == 0
    page.get_by_label("Référence client").fill("CLM-2026-118")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("REC-2026-0001")
    expect(page.locator("#nc-status [aria-current=step]")).to_have_text("Ouverte")
    assert Nonconformity.objects.get().disposition == ""  # "to be decided" until someone decides

    # 5 whys, edited in place.
    page.get_by_role("link", name="Commencer les 5 pourquoi").click()
    page.get_by_label("Pourquoi n° 1").fill("Pourquoi des rayures ?")
    page.get_by_label("Parce que (réponse n° 1)").fill("Pièces en vrac dans le bac")
    page.get_by_label("Pourquoi n° 2").fill("Pourquoi en vrac ?")
    page.get_by_label("Parce que (réponse n° 2)").fill("Pas d'intercalaire prévu dans la gamme")
    page.get_by_role("button", name="Enregistrer les 5 pourquoi").click()
    expect(page.locator("#whys .why-chain li")).to_have_count(2)
    expect(page.locator("#nc-status [aria-current=step]")).to_have_text("Analyse")

    # Ishikawa: a cause and a retained sub-cause, drawn on the fishbone.
    page.get_by_label("Catégorie (7M)").select_option("method")
    page.get_by_role("textbox", name="Cause (obligatoire)").fill("Conditionnement non défini")
    page.get_by_role("button", name="Ajouter la cause").click()
    expect(page.locator('svg.fishbone g[data-category="method"]')).to_be_visible()
    page.get_by_label("Catégorie (7M)").select_option("material")
    page.get_by_role("textbox", name="Cause (obligatoire)").fill("Bacs sans séparation")
    page.get_by_label("Retenue comme cause racine").check()
    page.get_by_role("button", name="Ajouter la cause").click()
    fishbone = page.locator("svg.fishbone")
    expect(fishbone.locator("g.fishbone-bone")).to_have_count(2)
    expect(fishbone).to_contain_text("Conditionnement non défini")
    expect(fishbone.locator('g[data-category="material"]')).to_contain_text("★ Bacs sans séparation")
    # The retained cause became a root cause (refreshed out of band).
    expect(page.locator("#root-causes")).to_contain_text("Bacs sans séparation")
    assert IshikawaCause.objects.filter(is_retained=True).count() == 1
    shot(page, "2-detail")

    page.goto(f"{live_server.url}/nonconformities/{Nonconformity.objects.get().pk}/ishikawa/print/")
    expect(page.locator("svg.fishbone")).to_be_visible()
    shot(page, "3-print")


def test_list_filters_refresh_the_table_and_the_pareto(page, live_server, member, site_a):
    from .factories import make_nc

    manager = member(Role.QSSE_MANAGER, username="manager")
    for index, category in enumerate(["product"] * 5 + ["process"] * 3 + ["documentation"] * 2):
        make_nc(
            manager.user,
            site_a,
            title=f"Record {index}",
            category=category,
            kind="complaint" if index % 4 == 0 else "nonconformity",
        )
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/nonconformities/")
    expect(page.locator("#nc-summary svg rect")).to_have_count(3)
    expect(page.locator("#nc-summary tbody tr").first).to_contain_text("Produit")
    shot(page, "4-list")
    page.get_by_label("Type", exact=True).select_option("complaint")
    # Complaints are records 0, 4 and 8: two products and one documentation.
    expect(page.locator("#list-table tbody tr")).to_have_count(3)
    expect(page.locator("#nc-summary svg rect")).to_have_count(2)
    expect(page.locator("#nc-summary tbody tr").first).to_contain_text("2")

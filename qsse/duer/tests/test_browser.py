"""End to end in Chromium (French interface): the evaluation of a work unit — three hazards added
through the htmx form with their ratings, a prevention measure proposed and turned into an action —
then a DUER version frozen with a change note and its PDF downloaded; axe-core WCAG 2.1 AA checks of
the pages."""

import re

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.duer.models import DuerVersion, Hazard

from .factories import family, make_duer, make_matrix, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_hazard(page, count, family_name, situation, probability, gravity, control):
    details = page.locator("details.card").first
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.locator("#id_family").select_option(label=family_name)
    page.locator("#id_situation").fill(situation)
    page.locator("#id_exposed_count").fill("12")
    page.locator("#id_probability").select_option(str(probability))
    page.locator("#id_gravity").select_option(str(gravity))
    page.locator("#id_control_level").select_option(str(control))
    page.get_by_role("button", name="Ajouter le danger").click()
    # The panel is swapped by htmx: wait for the new row, not for the message (the same each time).
    expect(page.locator("#hazards tr.hazard-row")).to_have_count(count)
    expect(page.locator("#hazards-panel .alert-success")).to_have_text("Danger ajouté.")


def test_evaluate_a_work_unit_freeze_and_download_the_pdf(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager")
    manager.first_name, manager.last_name = "Claire", "Morel"
    manager.save()
    make_matrix(manager.user)
    make_unit(site_a, "Ligne de traitement de surface", 12)
    duer = make_duer(manager.user, manager)
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/duer/{duer.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ligne de traitement de surface").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ligne de traitement de surface")

    # Three hazards: 2 × 4 = 8 × 0.75 = 6 (Modéré); 3 × 3 = 9 × 1 = 9 (Élevé); 3 × 2 = 6 × 0.5 = 3 (Faible).
    _add_hazard(page, 1, "Produits, émissions et déchets", "Bain de chromatation (CMR)", 2, 4, 2)
    _add_hazard(page, 2, "Accident de plain-pied", "Sol mouillé autour des cuves", 3, 3, 1)
    _add_hazard(page, 3, "Manutention manuelle", "Bidons de 25 kg", 3, 2, 3)
    residuals = page.locator("#hazards tr.hazard-row td.residual")
    expect(residuals).to_have_count(3)
    expect(residuals.nth(0)).to_have_text("Élevé · 9")
    expect(residuals.nth(1)).to_have_text("Modéré · 6")
    expect(residuals.nth(2)).to_have_text("Faible · 3")
    assert sorted(Hazard.objects.values_list("raw_score", flat=True)) == [6, 8, 9]
    assert axe_violations(page) == []

    # A measure on the highest residual risk, turned into an action.
    first = page.locator("#hazards tr.measures-row").first
    first.get_by_text("Proposer une mesure de prévention").click()
    first.get_by_label("Mesure").fill("Caillebotis antidérapants autour des cuves")
    first.get_by_label("Principe de prévention").select_option("source")
    first.get_by_label("Type").select_option("technical")
    first.get_by_label("Protection").select_option("collective")
    first.get_by_role("button", name="Ajouter la mesure").click()
    expect(page.locator("#hazards-panel .alert-success")).to_have_text("Mesure de prévention ajoutée.")
    first = page.locator("#hazards tr.measures-row").first
    first.get_by_text("Transformer en action").click()
    first.get_by_label("Responsable").select_option(str(manager.pk))
    first.get_by_label("Échéance").fill("2026-12-31")
    first.get_by_label("Coût estimé (€)").fill("4200")
    first.get_by_role("button", name="Créer l'action").click()
    expect(page.locator("#hazards-panel .alert-success")).to_have_text(
        re.compile(r"^Action ACT-\d{4}-\d+ créée\.$")
    )
    action = Action.objects.get()
    expect(page.locator("#hazards-panel .alert-success")).to_have_text(f"Action {action.reference} créée.")
    expect(page.locator("#hazards").get_by_role("link", name=action.reference)).to_be_visible()
    assert axe_violations(page) == []

    # Freeze the version, then download its PDF.
    page.locator(".breadcrumb").get_by_role("link", name=duer.title).click()
    page.get_by_role("link", name="Versions", exact=True).click()
    page.get_by_label("Ce qui change dans cette version").fill("Évaluation initiale de la ligne")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Figer la version").click()
    expect(page.locator(".alert").first).to_contain_text("Version 1 figée.")
    version = DuerVersion.objects.get()
    assert len(version.content["work_units"][0]["hazards"]) == 3
    link = page.get_by_role("link", name="PDF v1")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"
    assert family("Manutention manuelle").hazards.count() == 1

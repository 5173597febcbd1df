"""End to end in Chromium (French interface): an environmental analysis built through the real
pages — analysis, activity, a significant aspect (with the reasons shown), a non-significant one —
then an action raised from the significant aspect, and the matrix of significant aspects; axe-core
WCAG 2.1 AA checks of each page."""

import re

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.environment.models import EnvironmentalAspect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_aspect(
    page, activity, aspect, impact, compartment, condition, severity, frequency, control, legal=""
):
    page.get_by_role("link", name=f"Ajouter un aspect – {activity}").click()
    page.locator("#id_aspect").fill(aspect)
    page.locator("#id_impact").fill(impact)
    page.locator("#id_compartment").select_option(compartment)
    page.locator("#id_condition").select_option(condition)
    page.locator("#id_legal_requirement").fill(legal)
    page.locator("#id_severity").select_option(str(severity))
    page.locator("#id_frequency").select_option(str(frequency))
    page.locator("#id_control").select_option(str(control))
    page.get_by_role("button", name="Enregistrer l'aspect").click()


def test_build_an_analysis_with_a_significant_aspect_and_raise_an_action(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    manager.first_name, manager.last_name = "Claire", "Morel"
    manager.save()
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/environment/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nouvelle analyse").click()
    page.locator("#id_title").fill("Analyse environnementale Montluçon")
    page.locator("#id_site").select_option(str(site_a.pk))
    page.locator("#id_analysed_on").fill("2026-03-02")
    page.locator("#id_owner").select_option(str(manager.pk))
    page.locator("#id_life_cycle_note").fill("Amont : barres d'acier ; aval : fin de vie des pièces.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("L'analyse ENV-2026-0001 est créée.")

    page.locator("#id_name").fill("Usinage CN")
    page.get_by_role("button", name="Ajouter l'activité").click()
    expect(page.locator(".alert").first).to_contain_text("Activité ajoutée : Usinage CN.")

    # 3 × 4 × 2 = 24 reaches the threshold 24: significant, and a legal requirement applies too.
    _add_aspect(
        page,
        "Usinage CN",
        "Émulsions de coupe usagées",
        "Pollution des eaux",
        "water",
        "normal",
        3,
        4,
        2,
        legal="Déchets dangereux : BSD",
    )
    expect(page.locator(".alert").first).to_contain_text("Aspect ajouté : score 24, significatif")
    expect(page.locator("#why-significant")).to_contain_text("son score 24 atteint le seuil 24")
    expect(page.locator("#why-significant")).to_contain_text(
        "une exigence légale s'applique : Déchets dangereux : BSD"
    )
    assert axe_violations(page) == []

    # Raise the action from the aspect page.
    page.get_by_text("Créer une action", exact=True).click()
    page.locator("#id_action-title").fill("Centrale de recyclage des émulsions")
    page.locator("#id_action-owner").select_option(str(manager.pk))
    page.locator("#id_action-due_on").fill("2026-09-30")
    page.get_by_role("button", name=re.compile(r"^Créer l.action$")).click()
    expect(page.locator(".alert").first).to_have_text(re.compile(r"Action ACT-\d{4}-\d+ créée\."))
    action = Action.objects.get()
    expect(page.locator("#aspect-actions").get_by_role("link", name=action.reference)).to_be_visible()
    assert action.origin_object_id == EnvironmentalAspect.objects.get().pk
    assert axe_violations(page) == []

    # A second aspect, not significant: 2 × 4 × 1 = 8.
    page.locator(".breadcrumb").get_by_role("link", name="ENV-2026-0001").click()
    _add_aspect(
        page, "Usinage CN", "Copeaux métalliques", "Consommation de ressources", "waste", "normal", 2, 4, 1
    )
    expect(page.locator(".alert").first).to_contain_text("Aspect ajouté : score 8, non significatif.")
    page.locator(".breadcrumb").get_by_role("link", name="ENV-2026-0001").click()
    expect(page.locator("#significant-count")).to_contain_text("1 aspect significatif sur 2")
    expect(page.locator("tr.aspect-row td.score")).to_have_text(["24", "8"])
    activity_row = page.locator("tr.activity-row").filter(has_text="Usinage CN")
    expect(activity_row.locator("td.aspect-count")).to_have_text("2 – Usinage CN")
    expect(activity_row.locator("td.significant-count")).to_have_text("1 – Usinage CN")
    expect(page.locator("#aspect-count")).to_have_text("2 aspects")
    assert axe_violations(page) == []
    # The significant count of the activity filters the aspects table on it.
    activity_row.locator("td.significant-count a").click()
    expect(page.locator("#aspect-count")).to_have_text("1 aspect (filtré)")
    expect(page.locator("tr.aspect-row td.score")).to_have_text(["24"])
    expect(page.locator("#id_is_significant")).to_have_value("true")

    page.get_by_role("link", name="Matrice des aspects significatifs").click()
    expect(
        page.locator('#summary-matrix td[data-compartment="water"][data-condition="normal"]')
    ).to_have_text("1 / 1")
    expect(page.locator("#summary-total")).to_have_text("1 / 2")
    expect(page.locator("#significant-aspects tbody tr")).to_have_count(1)
    assert axe_violations(page) == []
    # A cell opens the register on its aspects.
    page.locator('#summary-matrix td[data-compartment="waste"][data-condition="normal"] a').click()
    expect(page.locator("#list-table")).to_contain_text("1 enregistrement")
    expect(page.locator("#list-table")).to_contain_text("Copeaux métalliques")
    expect(page.locator("#list-table")).not_to_contain_text("Émulsions de coupe usagées")

"""End to end in Chromium (French interface): a dangerous phenomenon rated on the matrix through
the form, a planned protection measure turned into an action, a drill logged on the emergency plan,
and the plan downloaded as a PDF; axe-core WCAG 2.1 AA checks of each page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.industrialrisks import services
from qsse.industrialrisks.models import DangerousPhenomenon, Drill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rate_a_phenomenon_raise_an_action_log_a_drill_and_download_the_plan(
    page, live_server, member, site_a
):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    manager.first_name, manager.last_name = "Claire", "Morel"
    manager.save()
    plan = services.plan_create(
        user=manager.user,
        site=site_a,
        title="Plan d'urgence – Montluçon",
        revised_on=date(2026, 1, 20),
        owner=manager,
        alert_procedure="Le témoin déclenche l'alarme et appelle le chef d'intervention.",
    )
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/industrial-risks/")
    page.get_by_role("link", name="Nouveau phénomène dangereux").click()
    page.locator("#id_site").select_option(str(site_a.pk))
    page.locator("#id_installation").fill("Cabine de peinture")
    page.locator("#id_kind").select_option("fire")
    page.locator("#id_title").fill("Incendie de la cabine de peinture")
    page.locator("#id_scenario").fill("Inflammation des vapeurs de solvant au pistolet.")
    page.locator("#id_probability").select_option("3")
    page.locator("#id_gravity").select_option("4")
    page.locator("#id_residual_probability").select_option("2")
    page.locator("#id_residual_gravity").select_option("4")
    page.locator("#id_owner").select_option(str(manager.pk))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    # 3 × 4 = 12 Critique before measures; 2 × 4 = 8 Élevé after.
    expect(page.locator(".alert").first).to_contain_text("enregistré : Critique (12) avant mesures.")
    expect(page.locator("#rating-before")).to_contain_text("Critique · 12")
    expect(page.locator("#rating-after")).to_contain_text("Élevé · 8")
    # The residual probability is lowered while no prevention measure exists yet.
    expect(
        page.get_by_text("La probabilité résiduelle est abaissée sans aucune mesure de prévention")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.locator("#id_description").fill("Extinction automatique CO₂ de la cabine")
    page.locator("#id_role").select_option("protection")
    page.locator("#id_status").select_option("planned")
    page.get_by_role("button", name="Ajouter la mesure").click()
    expect(page.locator(".alert").first).to_contain_text("Mesure ajoutée.")
    measure = page.locator("li.measure-item").first
    measure.get_by_text("Transformer en action").click()
    measure.get_by_label("Responsable").select_option(str(manager.pk))
    measure.get_by_label("Échéance").fill("2026-12-15")
    measure.get_by_role("button", name=re.compile(r"^Créer l.action$")).click()
    expect(page.locator(".alert").first).to_have_text(re.compile(r"Action ACT-\d{4}-\d+ créée\."))
    action = Action.objects.get()
    expect(page.locator("li.measure-item").first.get_by_role("link", name=action.reference)).to_be_visible()
    assert action.origin_object_id == DangerousPhenomenon.objects.get().measures.get().pk
    assert axe_violations(page) == []

    # The emergency plan: log a drill, then download the plan.
    page.locator(".breadcrumb").get_by_role("link", name="Phénomènes dangereux").click()
    page.get_by_role("link", name="Plans d'urgence").click()
    page.get_by_role("link", name="Plan d'urgence – Montluçon").click()
    expect(page.locator("#drill-status")).to_contain_text("Dernier exercice : —")
    page.get_by_role("link", name="Enregistrer un exercice").click()
    page.locator("#id_held_on").fill("2026-03-12")
    page.locator("#id_scenario").fill("Évacuation sur départ de feu en cabine")
    page.locator("#id_participants").fill("88")
    page.locator("#id_duration_minutes").fill("11")
    page.locator("#id_findings").fill("Issue nord encombrée par des palettes.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("Exercice EXE-2026-0001 enregistré.")
    assert Drill.objects.get().duration_minutes == 11
    page.locator(".breadcrumb").get_by_role("link", name="Montluçon").click()
    expect(page.locator("#drill-status")).to_contain_text(
        "Dernier exercice : 12/03/2026 · prochain dû : 12/09/2026"
    )
    expect(page.locator("#drills-table")).to_contain_text("EXE-2026-0001")
    assert axe_violations(page) == []
    link = page.get_by_role("link", name="Plan en PDF")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"
    assert plan.drills.count() == 1

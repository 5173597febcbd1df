"""End to end in Chromium (French interface): a HAZOP study of a heated solvent degreasing tank built
through the pages — study form, a node, deviations generated from parameters × IEC 61882 guide words,
one deviation analysed and rated in place (htmx) on the default 4 × 4 HAZOP matrix, its
recommendation sent to the unified action plan — and axe-core WCAG 2.1 AA checks of the pages."""

import re

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.context.services import matrix_ensure_default
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.hazop.models import Deviation, HazopStudy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_study_node_deviations_rating_and_action(page, live_server, member, site_a):
    # The default HAZOP matrix: 4 × 4, Faible 1–3, Modéré 4–7, Élevé 8–11, Critique 12–16.
    matrix_ensure_default(usage="hazop")
    leader = member(Role.QSSE_MANAGER, username="manager")
    leader.first_name, leader.last_name = "Claire", "Martin"
    leader.save()
    engineer = member(Role.CONTRIBUTOR, username="engineer")
    engineer.first_name, engineer.last_name = "Luc", "Bernard"
    engineer.save()
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/hazop/")
    page.get_by_role("link", name="Nouvelle étude HAZOP").click()
    assert axe_violations(page) == []
    page.locator("#id_title").fill("HAZOP fontaine de dégraissage")
    page.locator("#id_installation").fill("Fontaine de dégraissage au solvant FD-2")
    page.locator("#id_site").select_option(label="Montluçon")
    page.locator("#id_pid_reference").fill("PID-FD2-001 rév. C")
    page.locator("#id_leader").select_option(str(leader.pk))
    page.locator("#id_team").select_option([str(leader.pk), str(engineer.pk)])
    page.get_by_role("button", name="Enregistrer").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"HAZOP-\d{4}-0001"))
    expect(heading).to_contain_text("HAZOP fontaine de dégraissage")
    expect(page.locator("main")).to_contain_text("Luc Bernard")
    study = HazopStudy.objects.get()

    # A node with its design intent and two parameters.
    page.locator("#id_name").fill("Cuve de solvant chauffée")
    page.locator("#id_design_intent").fill("Maintenir le solvant à 40 °C, niveau entre 60 et 80 %")
    page.get_by_label("température", exact=True).check()
    page.get_by_label("niveau", exact=True).check()
    page.get_by_role("button", name="Ajouter le nœud").click()
    node_item = page.locator("#nodes-title").locator("xpath=../..").locator("li").first
    expect(node_item).to_contain_text("1. Cuve de solvant chauffée")
    expect(node_item).to_contain_text("0 dérive")
    node = study.nodes.get()

    # Deviations: 2 parameters (pre-ticked from the node) × 3 guide words = 6.
    node_item.locator("summary").click()
    expect(page.locator(f"#gen-{node.pk}-p-temperature")).to_be_checked()
    expect(page.locator(f"#gen-{node.pk}-p-level")).to_be_checked()
    expect(page.locator(f"#gen-{node.pk}-p-flow")).not_to_be_checked()
    for word in ("no", "more", "less"):
        page.locator(f"#gen-{node.pk}-g-{word}").check()
    page.get_by_role("button", name="Ajouter les dérives").click()
    expect(page.locator(".alert").first).to_contain_text("6 dérives ajoutées au tableau.")
    expect(node_item).to_contain_text("6 dérives")
    rows = page.locator("table tbody tr[id^=deviation-]")
    expect(rows).to_have_count(6)
    assert sorted(Deviation.objects.values_list("text", flat=True)) == [
        "Moins de niveau",
        "Moins de température",
        "Pas de niveau",
        "Pas de température",
        "Plus de niveau",
        "Plus de température",
    ]
    hot = Deviation.objects.get(parameter="temperature", guide_word="more")
    row = page.locator(f"#deviation-{hot.pk}")
    expect(row).to_contain_text("Plus de température")
    expect(row).to_contain_text("PLUS × température")
    assert axe_violations(page) == []

    # Analyse and rate "Plus de température" in place: 3 × 4 = 12, "Critique", significant.
    row.get_by_role("button", name=re.compile("Modifier")).click()
    page.locator(f"#dev-{hot.pk}-causes").fill("Thermostat de chauffe bloqué")
    page.locator(f"#dev-{hot.pk}-consequences").fill(
        "Vapeurs de solvant au-delà de la VLEP, risque d’incendie"
    )
    page.locator(f"#dev-{hot.pk}-safeguards").fill("Sonde de température avec alarme")
    page.locator(f"#dev-{hot.pk}-likelihood").select_option("3")
    page.locator(f"#dev-{hot.pk}-severity").select_option("4")
    page.locator(f"#dev-{hot.pk}-recommendation").fill(
        "Ajouter un thermostat de sécurité à réarmement manuel"
    )
    page.locator(f"#dev-{hot.pk}-responsible").select_option(str(engineer.pk))
    assert axe_violations(page) == []
    row.get_by_role("button", name="Enregistrer").click()
    expect(row.locator(".badge")).to_have_text("3 × 4 = 12 – Critique")
    expect(row).to_contain_text("significative")
    expect(row).to_contain_text("Thermostat de chauffe bloqué")
    expect(row).to_contain_text("Analysée")
    hot.refresh_from_db()
    assert (hot.score, hot.level_name, hot.is_significant) == (12, "Critique", True)

    # Highest risk first: the rated deviation heads the worksheet.
    page.get_by_role("link", name="risque le plus élevé d’abord").click()
    expect(page.locator("table tbody tr[id^=deviation-]").first).to_have_id(f"deviation-{hot.pk}")
    assert axe_violations(page) == []

    # The recommendation goes to the unified action plan.
    row = page.locator(f"#deviation-{hot.pk}")
    row.get_by_role("button", name=re.compile("Modifier")).click()
    page.locator(f"#id_owner-{hot.pk}").select_option(str(engineer.pk))
    page.locator(f"#id_due_on-{hot.pk}").fill("2027-01-31")
    page.get_by_role("button", name=re.compile("Créer l.action")).click()
    expect(page.locator(".alert").first).to_contain_text(re.compile(r"Action ACT-\d{4}-0001 créée\."))
    action = Action.objects.get()
    assert re.fullmatch(r"ACT-\d{4}-0001", action.reference)
    assert action.title == "Ajouter un thermostat de sécurité à réarmement manuel"
    assert (action.owner_id, action.origin_object_id) == (engineer.pk, hot.pk)
    expect(page.locator(".alert").first).to_contain_text(f"Action {action.reference} créée.")
    row = page.locator(f"#deviation-{hot.pk}")
    expect(row.get_by_role("link", name=action.reference)).to_be_visible()

    page.goto(f"{live_server.url}/actions/")
    action_row = page.locator("table tbody tr", has_text=action.reference)
    expect(action_row).to_contain_text("Ajouter un thermostat de sécurité à réarmement manuel")
    action_row.get_by_role("link", name=action.reference).click()
    expect(page.get_by_role("link", name=re.compile("Plus de température"))).to_be_visible()

    page.goto(f"{live_server.url}/hazop/")
    study_row = page.locator("table tbody tr", has_text=study.reference)
    expect(study_row).to_contain_text("Fontaine de dégraissage au solvant FD-2")
    assert axe_violations(page) == []

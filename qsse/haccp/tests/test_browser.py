"""End to end in Chromium (French interface): a HACCP plan of a cold ready-to-eat dish built through
the pages — team and product description, flow diagram, hazard analysis on the default 4 × 4 HACCP
criticality matrix, the Codex 2003 decision tree answered Q1 → Q4 in the page (htmx) until the cold
holding step becomes CCP 1, its critical limit and monitoring, then a monitoring record out of the
critical limit that opens a non-conformity — and axe-core WCAG 2.1 AA checks of the plan pages."""

import re

import pytest
from playwright.sync_api import expect

from qsse.context.services import matrix_ensure_default
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.haccp.models import ControlPoint, HaccpPlan, Hazard, MonitoringRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


STEPS = [
    ("Réception des matières premières", "reception"),
    ("Cuisson", "cooking"),
    ("Stockage froid", "holding"),
]


def test_haccp_plan_with_a_ccp_decided_by_the_tree(page, live_server, member, site_a):
    # The default HACCP matrix: 4 × 4, Faible 1–3, Modéré 4–7, Élevé 8–11, Critique 12–16.
    matrix_ensure_default(usage="haccp")
    leader = member(Role.QSSE_MANAGER, username="manager")
    leader.first_name, leader.last_name = "Claire", "Martin"
    leader.save()
    cook = member(Role.CONTRIBUTOR, username="cook")
    cook.first_name, cook.last_name = "Paul", "Durand"
    cook.save()
    log_in(page, live_server, "manager")

    # Codex steps 1–3: team, scope, product description and intended use.
    page.goto(f"{live_server.url}/haccp/")
    page.get_by_role("link", name="Nouveau plan HACCP").click()
    page.locator("#id_title").fill("Plan HACCP salade de poulet")
    page.locator("#id_site").select_option(label="Montluçon")
    page.locator("#id_scope").fill("Salade de poulet cuit, de la réception à la livraison")
    page.locator("#id_leader").select_option(str(leader.pk))
    page.locator("#id_team").select_option([str(leader.pk), str(cook.pk)])
    page.locator("#id_tree_version").select_option("codex_2003")
    page.locator("#id_product_name").fill("Salade de poulet")
    page.locator("#id_composition").fill("Poulet cuit, salade, mayonnaise")
    page.locator("#id_storage").fill("0–3 °C")
    page.locator("#id_shelf_life").fill("3 jours")
    page.locator("#id_intended_use").fill("Consommée froide, sans réchauffage, par le personnel adulte")
    page.get_by_role("button", name="Enregistrer").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"HACCP-\d{4}-0001"))
    expect(heading).to_contain_text("Plan HACCP salade de poulet")
    plan = HaccpPlan.objects.get()
    expect(page.locator("main")).to_contain_text("Paul Durand")
    expect(page.locator("main")).to_contain_text("Poulet cuit, salade, mayonnaise")
    assert axe_violations(page) == []

    # Codex step 4: the flow diagram, numbered 1, 2, 3 in order.
    page.get_by_role("link", name="Diagramme de fabrication", exact=True).click()
    for name, kind in STEPS:
        page.locator("#id_name").fill(name)
        page.locator("#id_kind").select_option(kind)
        page.get_by_role("button", name="Ajouter l’étape").click()
        expect(page.locator(".alert").first).to_contain_text("Étape ajoutée")
    rows = page.locator("table", has_text="Vérifiée sur site").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(2).locator("td").first).to_have_text("3")
    expect(rows.nth(2)).to_contain_text("Stockage froid")
    assert list(plan.steps.order_by("number").values_list("number", "name")) == [
        (1, "Réception des matières premières"),
        (2, "Cuisson"),
        (3, "Stockage froid"),
    ]
    holding = plan.steps.get(number=3)

    # Codex step 6: hazards rated likelihood × severity on the matrix.
    page.get_by_role("link", name="Analyse des dangers", exact=True).click()
    for description, likelihood, severity in (
        ("Multiplication de Listeria monocytogenes", "3", "4"),
        ("Morceaux de verre", "2", "3"),
    ):
        page.locator("#id_step").select_option(str(holding.pk))
        page.locator("#id_category").select_option("biological" if "Listeria" in description else "physical")
        page.locator("#id_description").fill(description)
        page.locator("#id_likelihood").select_option(likelihood)
        page.locator("#id_severity").select_option(severity)
        page.get_by_role("button", name="Ajouter le danger").click()
        score = int(likelihood) * int(severity)
        expect(page.locator(".alert").first).to_contain_text(f"Danger ajouté : score {score}.")
    listeria = Hazard.objects.get(description__startswith="Multiplication")
    glass = Hazard.objects.get(description="Morceaux de verre")
    listeria_row = page.locator(f"#hazard-{listeria.pk}")
    glass_row = page.locator(f"#hazard-{glass.pk}")
    # 3 × 4 = 12: "Critique", significant; 2 × 3 = 6: "Modéré", not significant (no tree).
    expect(listeria_row.locator(".badge").first).to_have_text("12 – Critique")
    expect(listeria_row).to_contain_text("significatif")
    expect(listeria_row).not_to_contain_text("non significatif")
    expect(glass_row.locator(".badge").first).to_have_text("6 – Modéré")
    expect(glass_row).to_contain_text("non significatif")
    expect(glass_row.get_by_role("link")).to_have_count(0)
    # Highest score first.
    expect(page.locator("table tbody tr").first).to_have_id(f"hazard-{listeria.pk}")
    assert axe_violations(page) == []

    # Codex step 7: the 2003 tree, Q1 yes → Q2 no → Q3 yes → Q4 no ⇒ CCP.
    listeria_row.get_by_role("link", name=re.compile("Arbre de décision")).click()
    wizard = page.locator(f"#tree-wizard-{listeria.pk}")
    for number, answer in (("Q1.", "Oui"), ("Q2.", "Non"), ("Q3.", "Oui"), ("Q4.", "Non")):
        expect(wizard.locator(f"#question-{listeria.pk}")).to_contain_text(number)
        wizard.get_by_role("button", name=answer, exact=True).click()
    expect(wizard.locator("[role=status]")).to_contain_text("Cette étape est un point critique")
    expect(wizard.locator("[role=status] .badge")).to_have_text("CCP")
    expect(wizard.locator(".tree-path li")).to_have_count(4)
    listeria.refresh_from_db()
    assert listeria.outcome == "ccp"
    assert axe_violations(page) == []

    # Codex steps 8–10: critical limit ≤ 3 °C, monitoring and corrective actions.
    wizard.get_by_role("link", name="Définir les limites critiques").click()
    page.locator("#id_limit_max").fill("3")
    page.locator("#id_unit").fill("°C")
    page.locator("#id_limit_source").fill("Arrêté du 21 décembre 2009, annexe I")
    page.locator("#id_monitoring_what").fill("Température de la chambre froide")
    page.locator("#id_monitoring_how").fill("Thermomètre enregistreur")
    page.locator("#id_monitoring_frequency").fill("Deux fois par jour")
    page.locator("#id_monitoring_who").select_option(str(cook.pk))
    page.locator("#id_corrective_actions").fill("Transférer les produits, évaluer le lot")
    page.locator("#id_verification").fill("Revue hebdomadaire des relevés")
    page.locator("#id_records").fill("Fiche de température")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    ccp_row = page.locator("table tbody tr", has_text="Stockage froid")
    expect(ccp_row.locator("th")).to_contain_text("CCP 1")
    expect(ccp_row).to_contain_text("≤ 3 °C")
    expect(ccp_row).to_contain_text("Deux fois par jour")
    expect(ccp_row).to_contain_text("Paul Durand")
    assert ControlPoint.objects.get().code == "CCP 1"
    assert axe_violations(page) == []

    # The flow diagram marks the step with its CCP badge.
    page.get_by_role("link", name="Diagramme de fabrication", exact=True).click()
    holding_row = page.locator("table tbody tr", has_text="Stockage froid")
    expect(holding_row.locator(".badge")).to_have_text("CCP 1")
    expect(page.locator("table tbody tr", has_text="Cuisson").locator(".badge")).to_have_count(0)
    assert axe_violations(page) == []

    # Principle 4: a reading of 5.2 °C, above the 3 °C limit, opens a non-conformity.
    page.get_by_role("link", name="Enregistrements de surveillance", exact=True).click()
    page.locator("#id_control_point").select_option(str(ControlPoint.objects.get().pk))
    page.locator("#id_value").fill("5.2")
    page.locator("#id_observation").fill("Porte de la chambre froide restée ouverte")
    page.get_by_role("button", name="Enregistrer le relevé").click()
    expect(page.locator(".alert").first).to_contain_text("Hors des limites critiques : non-conformité NC-")
    record = MonitoringRecord.objects.get()
    assert record.is_within_limits is False
    reference = record.nonconformity.reference
    assert re.fullmatch(r"NC-\d{4}-0001", reference)
    expect(page.locator(".alert").first).to_contain_text(reference)
    record_row = page.locator("table tbody tr.table-danger")
    expect(record_row).to_contain_text("5,20 °C")
    expect(record_row).to_contain_text("HORS LIMITES")
    expect(record_row.get_by_role("link", name=reference)).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/haccp/")
    expect(page.locator("main")).to_contain_text(plan.reference)
    assert axe_violations(page) == []

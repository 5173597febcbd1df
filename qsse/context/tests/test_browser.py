"""End to end in Chromium, in French: a SWOT built in its quadrants, a 4 × 4 criticality matrix set
up in the editor (with its live preview), two risks entered through the form, and the heat map
counting them in the right cells. axe-core checks the heat map, the SWOT page and the register."""

import os

import pytest
from playwright.sync_api import expect

from qsse.context.models import ContextItem, CriticalityMatrix, RiskOpportunity
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in

from .factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("CONTEXT_SCREENSHOTS")  # a folder, to look at the pages while developing


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def add_item(page, quadrant: str, label: str, text: str):
    block = page.locator(f"#block-{quadrant}")
    block.get_by_label(f"Ajouter à « {label} »").fill(text)
    block.get_by_role("button", name="Ajouter").click()
    expect(page.locator(f"#block-{quadrant}")).to_contain_text(text)


def test_swot_matrix_risks_and_heat_map(page, live_server, member):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    make_process(manager.user, code="REA-06", name="Traitement de surface", owner=manager)
    make_process(manager.user, code="REA-01", name="Vente et relation client", owner=manager)
    log_in(page, live_server, "manager")

    # 1. A SWOT, filled in its four quadrants without leaving the page (htmx).
    page.goto(f"{live_server.url}/context/analyses/new/?kind=swot")
    page.locator("#id_title").fill("SWOT 2026")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SWOT 2026")
    add_item(page, "strength", "Forces", "Savoir-faire en usinage de précision")
    add_item(page, "weakness", "Faiblesses", "Dépendance à deux clients automobiles")
    add_item(page, "opportunity", "Opportunités", "Certification IATF 16949")
    add_item(page, "threat", "Menaces", "Hausse du prix de l'énergie")
    add_item(page, "strength", "Forces", "Certification ISO 9001")
    expect(page.locator("#block-strength li")).to_have_count(2)
    assert ContextItem.objects.count() == 5
    shot(page, "1-swot")
    assert axe_violations(page) == []

    # 2. The 4 × 4 matrix in the editor: the preview follows what is typed.
    page.goto(f"{live_server.url}/context/matrix/new/")
    page.locator("#id_name").fill("Probabilité × Gravité")
    page.locator("#id_rows").select_option("4")
    page.locator("#id_cols").select_option("4")
    page.locator("#id_row_labels").fill("Rare\nPossible\nProbable\nQuasi certain")
    page.locator("#id_col_labels").fill("Mineure\nSignificative\nGrave\nCatastrophique")
    for index, (name, minimum, colour, significant) in enumerate(
        [
            ("Faible", "1", "#2e7d32", False),
            ("Modéré", "4", "#ffc107", False),
            ("Élevé", "8", "#fd7e14", True),
            ("Critique", "12", "#c62828", True),
        ],
        start=1,
    ):
        page.locator(f"#id_level_{index}_name").fill(name)
        page.locator(f"#id_level_{index}_min_score").fill(minimum)
        page.locator(f"#id_level_{index}_colour").fill(colour)
        if significant:
            page.locator(f"#id_level_{index}_is_significant").check()
    preview = page.locator("#matrix-preview")
    expect(preview.locator("td")).to_have_count(16)
    expect(preview.locator("tbody tr").nth(1).locator("td").nth(2)).to_contain_text(
        "9"
    )  # probability 3, impact 3
    expect(preview.locator("tbody tr").nth(1).locator("td").nth(2)).to_contain_text("Élevé")
    expect(preview).to_contain_text("Quasi certain")
    page.locator("#id_is_active").check()
    shot(page, "2-matrix")
    page.get_by_role("button", name="Enregistrer la matrice").click()
    expect(page.locator(".alert-success, [role=alert], .alert").first).to_contain_text("registre")
    matrix = CriticalityMatrix.objects.get()
    assert matrix.is_active and list(matrix.levels.values_list("min_score", flat=True)) == [1, 4, 8, 12]

    # 3. Two risks through the form: one significant (3 × 3 = 9, Élevé) spawns its treatment action.
    page.goto(f"{live_server.url}/context/risks/new/?kind=risk")
    page.locator("#id_title").fill("Dérive du bain d'anodisation")
    page.locator("#id_process").select_option(label="REA-06 – Traitement de surface")
    page.locator("#id_probability").select_option("3")
    page.locator("#id_impact").select_option("3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("RO-")
    expect(page.locator("#record-level")).to_contain_text("9 · Élevé")
    expect(page.locator("main")).to_contain_text("action de traitement ACT-")
    expect(page.locator("#actions tbody tr")).to_have_count(1)

    page.goto(f"{live_server.url}/context/risks/new/?kind=risk")
    page.locator("#id_title").fill("Erreur de saisie de commande")
    page.locator("#id_process").select_option(label="REA-01 – Vente et relation client")
    page.locator("#id_probability").select_option("1")
    page.locator("#id_impact").select_option("2")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#record-level")).to_contain_text("2 · Faible")
    assert RiskOpportunity.objects.count() == 2

    # 4. The heat map counts them in their cells; a count leads to the filtered list.
    page.goto(f"{live_server.url}/context/risks/heat-map/")
    risks = page.locator("#heat-risk")
    expect(risks.locator('td[data-probability="3"][data-impact="3"] .heat-count')).to_have_text(
        "1 – Probabilité 3, Gravité 3"
    )
    expect(risks.locator('td[data-probability="1"][data-impact="2"] .heat-count')).to_contain_text("1")
    expect(risks.locator('td[data-probability="4"][data-impact="4"] .heat-count')).to_have_text("0")
    expect(risks.locator('td[data-probability="3"][data-impact="3"]')).to_contain_text("Élevé")
    expect(page.locator("#heat-opportunity h2")).to_contain_text("0")
    shot(page, "3-heat-map")
    assert axe_violations(page) == []
    risks.locator('td[data-probability="3"][data-impact="3"] a').click()
    expect(page.locator("#list-table tbody tr")).to_have_count(1)
    expect(page.locator("#list-table")).to_contain_text("Dérive du bain d'anodisation")

    # 5. The register list passes axe-core too.
    page.goto(f"{live_server.url}/context/risks/")
    expect(page.locator("#list-table tbody tr")).to_have_count(2)
    assert axe_violations(page) == []


def test_other_pages_have_no_wcag_violation(page, live_server, member, site_a):
    from datetime import date

    from qsse.context import services

    from .factories import make_matrix, make_risk

    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    user = manager.user
    process = make_process(user, owner=manager)
    matrix = make_matrix(user)
    record = make_risk(user, process, probability=4, impact=3, site=site_a)
    party = services.party_create(user=user, name="DREAL", category="authorities", influence=4, interest=2)
    pestel = services.analysis_create(
        user=user, kind="pestel", title="PESTEL 2026", analysed_on=date(2026, 1, 5)
    )
    services.analysis_item_add(user=user, analysis=pestel, category="legal", text="REACH chrome VI")
    services.summary_save(user=user, text="ICPE", iso_9001=True)
    log_in(page, live_server, "manager")
    found = {}
    for path in (
        "/context/analyses/",
        f"/context/analyses/{pestel.pk}/",
        "/context/parties/",
        "/context/parties/grid/",
        f"/context/parties/{party.pk}/",
        "/context/summary/",
        "/context/summary/edit/",
        "/context/matrix/",
        f"/context/matrix/{matrix.pk}/",
        "/context/risks/new/",
        f"/context/risks/{record.pk}/",
        f"/context/risks/{record.pk}/edit/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        shot(page, "page" + path.replace("/", "-"))
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}

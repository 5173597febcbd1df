"""End to end in Chromium: upload an Excel file of complaints, draw its Pareto and a pivot table, run an
I-MR control chart on a series with a point out of control, and check the pages with axe-core."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in

from .factories import series_with_outlier_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def complaints_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Référence", "Catégorie", "Site", "Coût"])
    for n, (category, site, cost) in enumerate(
        [
            ("Rayure", "MTL", 120.5),
            ("Rayure", "MOU", 80),
            ("Cote hors tolérance", "MTL", 300),
            ("Rayure", "MTL", 50),
            ("Emballage", "MOU", 20),
            ("Cote hors tolérance", "MOU", 100),
        ],
        start=1,
    ):
        sheet.append([f"REC-2026-{n:04d}", category, site, cost])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(page, live_server, name, file_name, mime, content):
    page.goto(f"{live_server.url}/analysis/")
    page.fill("#id_name", name)
    page.set_input_files("#id_file", files=[{"name": file_name, "mimeType": mime, "buffer": content}])
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_pareto_pivot_and_control_chart(page, live_server, member):
    member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    log_in(page, live_server, "manager")
    upload(page, live_server, "Réclamations 2026", "reclamations.xlsx", XLSX, complaints_workbook())
    expect(page.locator("#preview-title")).to_be_visible()
    assert axe_violations(page) == []
    dataset_url = page.url

    # Pareto: the first bar is "Rayure", 3 of 6 complaints, 50 % cumulated.
    page.get_by_role("link", name="Diagramme de Pareto").click()
    page.select_option("#id_category", "Catégorie")
    page.get_by_role("button", name="Calculer").click()
    first = page.locator("#pareto-table tbody tr").first
    expect(first.locator("th")).to_have_text("Rayure")
    expect(first.locator("td").nth(3)).to_have_text("50,0 %")
    expect(page.locator("#pareto-table tbody tr").nth(1).locator("td").nth(3)).to_have_text("83,3 %")
    expect(page.locator("[data-chart-options=pareto-chart] svg")).to_be_visible()  # drawn after the htmx swap
    assert "run=1" in page.url
    assert axe_violations(page) == []

    # Pivot table: cost by category and site.
    page.goto(dataset_url)
    page.get_by_role("link", name="Tableau croisé dynamique").click()
    page.select_option("#id_row_1", "Catégorie")
    page.select_option("#id_column", "Site")
    page.select_option("#id_aggregation", "sum")
    page.select_option("#id_measure", "Coût")
    page.get_by_role("button", name="Calculer").click()
    row = page.locator("#pivot-table tbody tr", has=page.locator("th", has_text="Rayure"))
    expect(row.locator("td")).to_have_text(["80", "170,5", "250,5"])
    expect(page.locator("#pivot-table tfoot td").last).to_have_text("670,5")

    # I-MR chart of a series whose 20th value is far out: rule 1 at point 20.
    upload(
        page,
        live_server,
        "Série de mesures",
        "serie.csv",
        "text/csv",
        series_with_outlier_csv(outlier_at=20).encode(),
    )
    page.get_by_role("link", name="Carte de contrôle").click()
    page.select_option("#id_chart", "i_mr")
    page.select_option("#id_column", "Valeur")
    page.select_option("#id_label", "Mesure")
    page.get_by_role("button", name="Calculer").click()
    violation = page.locator("#violations-table tbody tr", has=page.get_by_text("Règle 1", exact=True)).first
    expect(violation.locator("td").nth(0)).to_have_text("I")
    expect(violation.locator("td").nth(1)).to_have_text("20")
    expect(violation.locator("td").nth(5)).to_have_text("Un point au-delà de 3 sigma de la ligne centrale")
    assert axe_violations(page) == []
    # The form shows the fields of the chosen chart only.
    expect(page.locator("#id_subgroup")).to_be_hidden()
    page.select_option("#id_chart", "xbar_r")
    expect(page.locator("#id_subgroup")).to_be_visible()
    expect(page.locator("#id_label")).to_be_hidden()


def test_other_pages_have_no_wcag_violation(page, live_server, member):
    from qsse.analysis import services

    from .factories import upload as upload_dataset

    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    user = manager.user
    dataset = upload_dataset(user, series_with_outlier_csv(count=30, outlier_at=25), name="Série")
    chart = services.analysis_save(
        user=user,
        dataset=dataset,
        tool="control_chart",
        title="Carte I-MR",
        parameters={"chart": "i_mr", "column": "Valeur", "label": "Mesure"},
    )
    relations = services.decision_study_create(
        user=user,
        kind="relations",
        title="Rayures",
        data={"items": ["Bacs usés", "Rayures"], "links": [{"cause": "Bacs usés", "effect": "Rayures"}]},
    )
    matrix = services.decision_study_create(
        user=user,
        kind="matrix",
        title="Choix",
        data={
            "criteria": [{"name": "Coût", "weight": 3}],
            "options": [{"name": "A", "scores": [4]}, {"name": "B", "scores": [2]}],
        },
    )
    log_in(page, live_server, "manager")
    paths = [
        "/analysis/",
        f"/analysis/saved/{chart.pk}/",
        f"/analysis/datasets/{dataset.pk}/capability/?run=1&column=Valeur&lsl=9&usl=11",
        f"/analysis/datasets/{dataset.pk}/descriptive/?run=1&column=Valeur",
        "/analysis/decisions/",
        "/analysis/decisions/new/matrix/",
        f"/analysis/decisions/{matrix.pk}/",
        f"/analysis/decisions/{relations.pk}/",
    ]
    found = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}

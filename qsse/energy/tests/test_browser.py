"""End to end in Chromium (French interface): the QSSE manager imports a year of electricity
invoices through the real import form, opens the EnPI and sees the chart of the EnPI against the
2025 baseline with the values worked out by hand; a bad file is refused row by row; axe-core WCAG
2.1 AA checks of the import page, the EnPI page, the overview and the energy review."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.energy import services
from qsse.energy.choices import IndicatorKind
from qsse.energy.models import Consumption

from .factories import make_meter, month_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Compteur", "Début", "Fin", "Quantité", "Coût HT (€)", "N° de facture"])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _month_end(year: int, month: int) -> date:
    from datetime import timedelta

    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def test_import_a_year_of_invoices_and_read_the_enpi_against_the_baseline(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    user = manager.user
    meter = make_meter(user, site_a, name="TGBT Montluçon", identifier="PDL 30001440123456")
    parts = services.variable_create(user=user, site=site_a, name="Pièces usinées", unit="pièces")
    # 2025 baseline exactly on kWh = 50,000 + 2.5 × parts, parts = 8,000 + 400 × month.
    services.variable_set_values(
        user=user, variable=parts, values={date(2025, m, 1): Decimal(8_000 + 400 * m) for m in range(1, 13)}
    )
    for m in range(1, 13):
        month_record(user, meter, 2025, m, 50_000 + 2.5 * (8_000 + 400 * m))
    indicator = services.indicator_create(
        user=user,
        site=site_a,
        name="Électricité par pièce usinée",
        variable=parts,
        kind=IndicatorKind.REGRESSION,
        baseline_start=date(2025, 1, 1),
        baseline_end=date(2025, 12, 1),
        target_percent=Decimal(4),
    )
    # 2026 production: 10,000 + 500 × month parts.
    services.variable_set_values(
        user=user, variable=parts, values={date(2026, m, 1): Decimal(10_000 + 500 * m) for m in range(1, 13)}
    )
    log_in(page, live_server, "manager")

    # A file with errors is refused as a whole, each error named by row and column.
    page.goto(f"{live_server.url}/energy/records/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des factures d'énergie")
    assert axe_violations(page) == []
    bad = _workbook([["PDL 30001440123456", "01/01/2026", "31/01/2026", "beaucoup", 100, "F1"]])
    page.set_input_files("#id_file", files=[{"name": "factures.xlsx", "mimeType": XLSX, "buffer": bad}])
    page.get_by_role("button", name="Importer").click()
    expect(page.locator("#import-errors")).to_contain_text(
        "Ligne 2, colonne « Quantité » : ce n'est pas un nombre."
    )
    assert Consumption.objects.filter(month__year=2026).count() == 0

    # The year 2026: each month 3,750 kWh under what the baseline expects (75,000 + 1,250 × month).
    rows = [
        [
            "PDL 30001440123456",
            date(2026, m, 1),
            _month_end(2026, m),
            75_000 + 1_250 * m - 3_750,
            9_800,
            f"F-2026-{m:02d}",
        ]
        for m in range(1, 13)
    ]
    page.set_input_files(
        "#id_file", files=[{"name": "factures-2026.xlsx", "mimeType": XLSX, "buffer": _workbook(rows)}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("12 relevés importés.")).to_be_visible()
    assert Consumption.objects.filter(month__year=2026).count() == 12

    # The EnPI of 2026 against the 2025 baseline.
    page.goto(f"{live_server.url}/energy/indicators/{indicator.pk}/?year=2026")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Électricité par pièce usinée")
    # Baseline: Σ kWh / Σ parts = 918,000 / 127,200 = 7.217 kWh/part; model 50,000 + 2.5 × parts, R² 1.
    expect(page.locator("#enpi-baseline")).to_have_text("7,217")
    expect(page.locator("#baseline-model")).to_contain_text("kWh = 50\xa0000 + 2,500 × pièces")
    expect(page.locator("#baseline-model")).to_contain_text("R² = 1,000")
    # 2026: 952,500 kWh for 159,000 parts = 5.991 kWh/part; savings 12 × 3,750 = 45,000 kWh of
    # 997,500 expected = 4.5 %, above the 4 % target.
    expect(page.locator("#enpi-current")).to_have_text("5,991")
    expect(page.locator("#enpi-savings")).to_have_text("45\xa0000 kWh")
    expect(page.locator("#enpi-savings-percent")).to_contain_text("4,5 %")
    expect(page.locator("#enpi-figures")).to_contain_text("atteint")
    # January: 10,500 parts, 72,500 kWh → EnPI 6.905 against 76,250 / 10,500 = 7.262.
    january = page.locator("#enpi-table tr[data-month='2026-01']")
    expect(january.locator("td").nth(0)).to_have_text("72\xa0500")
    expect(january.locator("td").nth(2)).to_have_text("6,905")
    expect(january.locator("td").nth(3)).to_have_text("7,262")
    expect(january.locator("td").nth(5)).to_have_text("3\xa0750")
    # The chart is drawn (ECharts, SVG renderer) with its two series.
    chart = page.locator(".qsse-chart[data-chart-options='enpi-chart']")
    expect(chart).to_have_attribute("data-chart-drawn", "yes")
    expect(chart.locator("svg")).to_have_count(1)
    expect(chart).to_contain_text("Référence")
    assert axe_violations(page) == []

    # The overview and the energy review of 2026.
    page.goto(f"{live_server.url}/energy/?year=2026")
    expect(page.locator("#kpi-mwh")).to_have_text("952\xa0500 kWh")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/energy/review/?year=2026")
    expect(page.locator("#uses-table")).to_contain_text("usage significatif")
    assert axe_violations(page) == []


def test_a_new_dated_emission_factor_changes_the_year_it_covers_only(page, live_server, member, site_a):
    """The manager enters a new version of the electricity factor valid from 1 January 2025: the
    2025 emissions are computed with it (120,000 kWh × 0.060 = 7.2 t), 2024 keeps the shipped
    0.048 (120,000 kWh × 0.048 = 5.76 t ≈ 5.8 t)."""
    user = member(Role.QSSE_MANAGER, username="manager", all_sites=True).user
    meter = make_meter(user, site_a, name="TGBT Montluçon")
    for year in (2024, 2025):
        for month in range(1, 13):
            month_record(user, meter, year, month, 10_000)
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/energy/?year=2025")
    expect(page.locator("#kpi-tco2e")).to_have_text("5,8 tCO₂e")

    page.goto(f"{live_server.url}/energy/carriers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Énergies et facteurs d'émission")
    page.get_by_role("link", name="Nouvelle version du facteur – Électricité").click()
    page.locator("#id_valid_from").fill("2025-01-01")
    page.locator("#id_kg_co2e_per_kwh").fill("0.060")
    page.locator("#id_version").fill("Base Empreinte 2025 – mix moyen")
    page.locator("#id_source").fill("ADEME, Base Empreinte")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()

    electricity = page.locator(f"#carrier-{meter.carrier_id}")
    expect(electricity.locator("tbody tr")).to_have_count(2)
    expect(electricity.locator("tr.table-active")).to_contain_text("Base Empreinte 2025 – mix moyen")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/energy/?year=2025")
    expect(page.locator("#kpi-tco2e")).to_have_text("7,2 tCO₂e")
    page.goto(f"{live_server.url}/energy/?year=2024")
    expect(page.locator("#kpi-tco2e")).to_have_text("5,8 tCO₂e")

    # A factor with a negative value is refused with the field's message, nothing saved.
    page.goto(f"{live_server.url}/energy/carriers/")
    page.get_by_role("link", name="Nouvelle version du facteur – Électricité").click()
    page.locator("#id_valid_from").fill("2026-01-01")
    page.locator("#id_kg_co2e_per_kwh").fill("-1")
    page.locator("#id_source").fill("Erreur de saisie")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    page.goto(f"{live_server.url}/energy/carriers/")
    expect(electricity.locator("tbody tr")).to_have_count(2)

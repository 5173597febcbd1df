"""Pages: overview figures, energy review (Pareto), meter page and its record form, Excel import
with row-level errors, EnPI page with its chart data, levers → actions, carriers and factors;
rights and site scoping; query budgets."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.energy import services
from qsse.energy.choices import EnergyUse, IndicatorKind
from qsse.energy.models import Consumption, EmissionFactor, SavingsLever

from .factories import carrier, make_meter, month_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


@pytest.fixture
def plant(manager, site_a):
    user = manager.user
    general = make_meter(user, site_a, name="TGBT général", identifier="PDL 300012")
    make_meter(user, site_a, name="Usinage", parent=general, use=EnergyUse.PROCESS)
    gas = make_meter(user, site_a, "natural_gas", "Chaufferie", identifier="PCE GI1", use=EnergyUse.HEATING)
    month_record(user, general, 2025, 1, 150_000, cost=Decimal("22500"))
    month_record(user, gas, 2025, 1, 100_000, cost=Decimal("7000"))
    return {"general": general, "gas": gas}


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "factures.xlsx",
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


HEADER = ["Compteur", "Début", "Fin", "Quantité", "Coût HT (€)", "N° de facture"]


def test_overview_shows_the_figures_of_the_year(client_manager, plant):
    response = client_manager.get(reverse("energy:overview"), {"year": 2025})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.kwh == pytest.approx(240_100)  # 150,000 + 100,000 × 0.901
    body = response.content.decode()
    assert "Énergie et gaz à effet de serre" in body
    assert 'id="kpi-mwh">240\xa0100 kWh<' in body
    # 150,000 × 0.048 + 90,100 × 0.227 = 7,200 + 20,452.7 kg = 27.7 t
    assert "27,7 tCO₂e" in body
    assert 'id="monthly-chart"' in body and 'id="emissions-chart"' in body


def test_review_ranks_uses_with_the_configurable_threshold(client_manager, plant):
    response = client_manager.get(reverse("energy:review"), {"year": 2025})
    assert response.status_code == 200
    assert [(r.use, r.is_significant) for r in response.context["use_rows"]] == [
        ("general", True),  # 150,000 kWh = 62.5 % (the process sub-meter has no record)
        ("heating", True),  # 90,100 kWh: 62.5 % before it, under 80 %
        ("process", False),  # nothing recorded
    ]
    response = client_manager.post(
        reverse("energy:review") + "?year=2025", {"significant_use_percent": 50}, follow=True
    )
    assert services.settings_get().significant_use_percent == 50
    assert [r.is_significant for r in response.context["use_rows"]] == [True, False, False]
    bad = client_manager.post(reverse("energy:review"), {"significant_use_percent": 150})
    assert bad.status_code == 422


def test_record_an_invoice_from_the_meter_page(client_manager, plant):
    gas = plant["gas"]
    page = client_manager.get(reverse("energy:meter_detail", args=[gas.pk]))
    assert page.status_code == 200
    # The form proposes the month after the last invoice.
    assert page.context["form"].initial["period_start"] == date(2025, 2, 1)
    assert page.context["form"].initial["period_end"] == date(2025, 2, 28)
    response = client_manager.post(
        reverse("energy:consumption_create", args=[gas.pk]),
        {
            "kind": "invoice",
            "period_start": "2025-02-01",
            "period_end": "2025-02-28",
            "quantity": "80000",
            "cost": "5600",
        },
    )
    assert response.status_code == 302
    record = Consumption.objects.get(meter=gas, month=date(2025, 2, 1))
    assert record.kwh == Decimal("72080.000")
    bad = client_manager.post(
        reverse("energy:consumption_create", args=[gas.pk]),
        {"kind": "invoice", "period_start": "2025-03-31", "period_end": "2025-03-01", "quantity": "1"},
    )
    assert bad.status_code == 422
    assert "La fin de la période est antérieure à son début." in bad.content.decode()


def test_import_refuses_a_file_with_errors_by_row_and_column_then_imports(client_manager, plant):
    rows = [
        HEADER,
        ["PDL 300012", "01/02/2025", "28/02/2025", 140000, 21000, "F-02"],
        ["Inconnu", "01/02/2025", "28/02/2025", 10, None, ""],
        ["PCE GI1", "01/02/2025", "pas une date", "abc", None, ""],
    ]
    response = client_manager.post(reverse("energy:consumption_import"), {"file": _workbook(rows)})
    assert response.status_code == 422
    errors = response.context["errors"]
    assert errors[0].startswith("Ligne 3, colonne « Compteur »")
    assert any(e.startswith("Ligne 4, colonne « Fin »") for e in errors)
    assert any(e.startswith("Ligne 4, colonne « Quantité »") for e in errors)
    assert Consumption.objects.count() == 2
    good = [HEADER] + [
        ["PDL 300012", date(2025, m, 1), date(2025, m, 28), 140000 + m, 21000, f"F-{m:02d}"]
        for m in range(2, 13)
    ]
    response = client_manager.post(reverse("energy:consumption_import"), {"file": _workbook(good)})
    assert response.status_code == 302
    assert Consumption.objects.filter(meter=plant["general"]).count() == 12
    template = client_manager.get(reverse("energy:consumption_import_template"))
    sheet = load_workbook(BytesIO(template.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["Compteur", "Début", "Fin"]


def test_consumption_list_filters_exports_and_stays_within_a_query_budget(
    client_manager, plant, django_assert_max_num_queries
):
    url = reverse("energy:consumption_list")
    response = client_manager.get(url, {"carrier": carrier("natural_gas").pk})
    assert response.context["page_obj"].paginator.count == 1
    assert response.context["totals"]["kwh"] == Decimal("90100.000")
    export = client_manager.get(url, {"export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet.max_row == 3
    user = _manager_user()
    for m in range(2, 13):
        month_record(user, plant["general"], 2025, m, 1000)
    with django_assert_max_num_queries(14):
        assert client_manager.get(url).status_code == 200


def _manager_user():
    from qsse.organization.models import Person

    return Person.objects.get(role=Role.QSSE_MANAGER).user


def test_enpi_page_gives_the_chart_and_table_values(client_manager, manager, site_a):
    user = manager.user
    meter = make_meter(user, site_a)
    tonnes = services.variable_create(user=user, site=site_a, name="Tonnes usinées", unit="t")
    services.variable_set_values(
        user=user, variable=tonnes, values={date(2025, m, 1): Decimal(40 + m) for m in range(1, 13)}
    )
    for m in range(1, 13):
        month_record(user, meter, 2025, m, 3_500 * (40 + m))
    indicator = services.indicator_create(
        user=user,
        site=site_a,
        name="kWh par tonne",
        variable=tonnes,
        kind=IndicatorKind.RATIO,
        baseline_start=date(2025, 1, 1),
        baseline_end=date(2025, 12, 1),
        target_percent=Decimal("5"),
    )
    services.variable_set_values(user=user, variable=tonnes, values={date(2026, 1, 1): Decimal(50)})
    month_record(user, meter, 2026, 1, 161_000)  # 3,220 kWh/t against 3,500: 8 % saved
    response = client_manager.get(reverse("energy:indicator_detail", args=[indicator.pk]), {"year": 2026})
    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart["series"][0]["data"][0] == 3220.0
    assert chart["series"][1]["data"][0] == 3500.0
    assert chart["series"][0]["data"][1] is None
    savings = response.context["report"].savings
    assert savings.savings_kwh == pytest.approx(14_000)  # 175,000 expected − 161,000
    assert savings.savings_percent == pytest.approx(8.0)
    assert response.context["target_met"] is True
    assert "enpi-chart" in response.content.decode()


def test_lever_page_opens_an_action(client_manager, manager, site_a):
    lever = services.lever_create(
        user=manager.user,
        site=site_a,
        title="Variateur sur le compresseur",
        carrier=carrier("electricity"),
        estimated_kwh=Decimal("60000"),
    )
    assert lever.estimated_tco2e == Decimal("2.880")
    response = client_manager.post(
        reverse("energy:lever_action", args=[lever.pk]), {"owner": manager.pk, "due_on": "2026-09-30"}
    )
    assert response.status_code == 302
    lever.refresh_from_db()
    assert Action.objects.get(pk=lever.action_id).title == "Variateur sur le compresseur"
    listing = client_manager.get(reverse("energy:lever_list"))
    assert listing.context["lever_totals"]["kwh"] == Decimal("60000")


def test_new_factor_version_changes_the_emissions_of_later_months(client_manager, plant):
    electricity = carrier("electricity")
    response = client_manager.post(
        reverse("energy:factor_create", args=[electricity.pk]),
        {
            "valid_from": "2025-01-01",
            "kg_co2e_per_kwh": "0.052",
            "source": "Base Empreinte 2025",
            "version": "v23",
        },
    )
    assert response.status_code == 302
    assert EmissionFactor.objects.filter(carrier=electricity).count() == 2
    page = client_manager.get(reverse("energy:overview"), {"year": 2025})
    # 150,000 × 0.052 = 7.8 t
    assert page.context["summary"].scope_2 == pytest.approx(7.8)
    carriers = client_manager.get(reverse("energy:carrier_list"))
    assert carriers.status_code == 200 and "à vérifier" in carriers.content.decode()


def test_reader_sees_but_cannot_write_and_other_sites_are_hidden(
    client, member, manager, site_a, site_b, plant
):
    reader = member(Role.READER, site=site_b)
    client.force_login(reader.user)
    assert client.get(reverse("energy:meter_detail", args=[plant["gas"].pk])).status_code == 404
    moulins = make_meter(manager.user, site_b, name="Compteur Moulins")
    assert client.get(reverse("energy:meter_detail", args=[moulins.pk])).status_code == 200
    response = client.post(
        reverse("energy:consumption_create", args=[moulins.pk]),
        {"kind": "invoice", "period_start": "2025-01-01", "period_end": "2025-01-31", "quantity": "1"},
    )
    assert response.status_code == 403
    assert client.get(reverse("energy:consumption_import")).status_code == 403
    assert client.get(reverse("energy:carrier_create")).status_code == 403
    overview = client.get(reverse("energy:overview"), {"year": 2025})
    assert overview.context["summary"].kwh == 0  # Montluçon's records are not counted


def test_every_page_answers(client_manager, manager, plant, site_a):
    variable = services.variable_create(user=manager.user, site=site_a, name="DJU", unit="DJU")
    indicator = services.indicator_create(
        user=manager.user,
        site=site_a,
        name="Gaz par DJU",
        variable=variable,
        carrier=carrier("natural_gas"),
        kind=IndicatorKind.REGRESSION,
        baseline_start=date(2025, 1, 1),
        baseline_end=date(2025, 12, 1),
    )
    lever = services.lever_create(
        user=manager.user,
        site=site_a,
        title="Isolation",
        carrier=carrier("natural_gas"),
        estimated_kwh=Decimal(1),
    )
    record = Consumption.objects.first()
    for name, args in (
        ("energy:meter_list", []),
        ("energy:meter_create", []),
        ("energy:meter_edit", [plant["gas"].pk]),
        ("energy:consumption_edit", [record.pk]),
        ("energy:consumption_import", []),
        ("energy:variable_list", []),
        ("energy:variable_create", []),
        ("energy:variable_detail", [variable.pk]),
        ("energy:variable_edit", [variable.pk]),
        ("energy:indicator_list", []),
        ("energy:indicator_create", []),
        ("energy:indicator_detail", [indicator.pk]),
        ("energy:indicator_edit", [indicator.pk]),
        ("energy:lever_list", []),
        ("energy:lever_create", []),
        ("energy:lever_detail", [lever.pk]),
        ("energy:lever_edit", [lever.pk]),
        ("energy:carrier_list", []),
        ("energy:carrier_create", []),
        ("energy:carrier_edit", [carrier("propane").pk]),
        ("energy:factor_create", [carrier("propane").pk]),
        ("energy:factor_edit", [EmissionFactor.objects.first().pk]),
    ):
        assert client_manager.get(reverse(name, args=args)).status_code == 200, name
    assert SavingsLever.objects.count() == 1


def test_dashboard_widget_indicator_sources_and_review_input(client_manager, manager, plant):
    from qsse.core.registry import indicator_sources, review_input_providers
    from qsse.energy.review_inputs import review_inputs

    response = client_manager.get("/")
    assert response.status_code == 200
    assert 'id="energy-widget-title"' in response.content.decode()
    start, end = date(2025, 1, 1), date(2026, 1, 1)
    assert indicator_sources["energy.kwh"].compute(start, end, None) == pytest.approx(240_100)
    assert indicator_sources["energy.tco2e"].compute(start, end, None) == pytest.approx(27.653)
    # (22,500 + 7,000) € / 240,100 kWh
    assert indicator_sources["energy.cost_per_kwh"].compute(start, end, None) == pytest.approx(
        0.1229, abs=1e-4
    )
    assert indicator_sources["energy.enpi_savings"].compute(start, end, None) is None  # no EnPI yet
    assert review_inputs in review_input_providers
    section = review_inputs(manager.user, start, end, None, None)[0]
    assert section.key == "monitoring_results"
    assert "240,1 MWh" in section.summary

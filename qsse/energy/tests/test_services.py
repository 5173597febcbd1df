"""Services and selectors on records built through the services; figures worked by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.energy import selectors, services
from qsse.energy.choices import EnergyUse, IndicatorKind, LeverStatus, RecordKind
from qsse.energy.models import Consumption, EmissionFactor

from .factories import carrier, make_meter, month_record

pytestmark = pytest.mark.django_db


def test_shipped_carriers_and_factors_with_their_sources():
    gas = carrier("natural_gas")
    assert gas.unit == "kWh PCS"
    assert gas.kwh_per_unit == Decimal("0.901")
    assert gas.scope == "1" and carrier("electricity").scope == "2"
    assert "picbleu" in gas.conversion_source_url
    # Every shipped emission factor is marked to verify (current Base Empreinte values unconfirmed).
    assert EmissionFactor.objects.filter(is_shipped=True).count() == 5
    assert not EmissionFactor.objects.filter(is_shipped=True, to_verify=False).exists()
    assert EmissionFactor.objects.get(carrier__code="electricity").kg_co2e_per_kwh == Decimal("0.048")


def test_gas_invoice_in_kwh_pcs_is_stored_in_kwh_pci_in_its_month(manager, site_a):
    meter = make_meter(manager.user, site_a, "natural_gas", "PCE chaufferie", use=EnergyUse.HEATING)
    record = services.consumption_create(
        user=manager.user,
        meter=meter,
        period_start=date(2025, 1, 28),
        period_end=date(2025, 2, 27),
        quantity=Decimal("100000"),
        cost=Decimal("7000"),
        reference="GAZ-01",
    )
    assert record.kwh == Decimal("90100.000")
    assert record.month == date(2025, 2, 1)
    assert record.history.count() == 1


def test_reading_computes_the_quantity_from_the_indexes_and_the_constant(manager, site_a):
    meter = make_meter(manager.user, site_a, name="TGBT", multiplier=Decimal("40"))
    record = services.consumption_create(
        user=manager.user,
        meter=meter,
        kind=RecordKind.READING,
        period_start=date(2025, 3, 1),
        period_end=date(2025, 3, 31),
        index_start=Decimal("1000"),
        index_end=Decimal("1500"),
    )
    assert record.quantity == Decimal("20000")
    assert record.kwh == Decimal("20000.000")
    with pytest.raises(ValidationError) as error:
        services.consumption_create(
            user=manager.user,
            meter=meter,
            kind=RecordKind.READING,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 4, 30),
            index_start=Decimal("1500"),
            index_end=Decimal("1400"),
        )
    assert "index_end" in error.value.message_dict


def test_invalid_records_are_refused_with_field_messages(manager, site_a):
    meter = make_meter(manager.user, site_a)
    month_record(manager.user, meter, 2025, 1, 1000)
    with pytest.raises(ValidationError) as error:
        month_record(manager.user, meter, 2025, 1, 2000)
    assert "Ce compteur a déjà un relevé pour cette période." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.consumption_create(
            user=manager.user,
            meter=meter,
            period_start=date(2025, 3, 1),
            period_end=date(2025, 2, 1),
            quantity=1,
        )
    assert "period_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consumption_create(
            user=manager.user, meter=meter, period_start=date(2025, 3, 1), period_end=date(2025, 3, 31)
        )
    assert "quantity" in error.value.message_dict
    assert Consumption.objects.count() == 1


def test_reader_and_other_site_cannot_record(member, manager, site_a, site_b):
    meter_b = make_meter(manager.user, site_b, name="Compteur Moulins")
    reader = member(Role.READER, site=site_a)
    contributor = member(Role.CONTRIBUTOR, site=site_a)
    for person in (reader, contributor):
        with pytest.raises(PermissionDenied):
            month_record(person.user, meter_b, 2025, 1, 10)
    meter_a = make_meter(manager.user, site_a)
    with pytest.raises(PermissionDenied):
        month_record(reader.user, meter_a, 2025, 1, 10)
    assert month_record(contributor.user, meter_a, 2025, 1, 10).kwh == Decimal("10.000")
    assert list(selectors.consumption_list(contributor.user).values_list("meter__site", flat=True)) == [
        site_a.pk
    ]


def test_sub_meter_must_share_site_and_carrier_and_not_loop(manager, site_a, site_b):
    general = make_meter(manager.user, site_a)
    with pytest.raises(ValidationError):
        make_meter(manager.user, site_a, "natural_gas", "Gaz", parent=general)
    with pytest.raises(ValidationError):
        make_meter(manager.user, site_b, name="Ailleurs", parent=general)
    child = make_meter(manager.user, site_a, name="Air comprimé", parent=general)
    with pytest.raises(ValidationError):
        services.meter_update(user=manager.user, meter=general, parent=child)


@pytest.fixture
def montlucon_2025(manager, site_a):
    """January and February 2025 at Montluçon: electricity general meter with two sub-meters, gas."""
    user = manager.user
    general = make_meter(user, site_a, name="TGBT général", identifier="PDL-1")
    process = make_meter(user, site_a, name="Usinage", parent=general, use=EnergyUse.PROCESS)
    air = make_meter(user, site_a, name="Compresseurs", parent=general, use=EnergyUse.COMPRESSED_AIR)
    gas = make_meter(user, site_a, "natural_gas", "Chaufferie", identifier="PCE-1", use=EnergyUse.HEATING)
    month_record(user, general, 2025, 1, 150_000, cost=Decimal("22500"))
    month_record(user, process, 2025, 1, 90_000)
    month_record(user, air, 2025, 1, 20_000)
    month_record(user, gas, 2025, 1, 100_000, cost=Decimal("7000"))  # 90,100 kWh PCI
    month_record(user, general, 2025, 2, 100_000, cost=Decimal("15000"))
    return {"general": general, "gas": gas}


def test_summary_counts_main_meters_and_uses_the_factor_valid_each_month(manager, montlucon_2025):
    services.factor_create(
        user=manager.user,
        carrier=carrier("electricity"),
        valid_from=date(2025, 2, 1),
        kg_co2e_per_kwh=Decimal("0.060"),
        source="Base Empreinte (test)",
    )
    data = selectors.summary(manager.user, date(2025, 1, 1), date(2026, 1, 1))
    # Electricity: 150,000 + 100,000 (sub-meters not added); gas 90,100 kWh PCI.
    assert data.kwh == pytest.approx(340_100)
    by_code = {row.carrier.code: row for row in data.carriers}
    assert by_code["electricity"].kwh == pytest.approx(250_000)
    assert by_code["electricity"].cost == pytest.approx(37_500)
    assert by_code["electricity"].cost_per_kwh == pytest.approx(0.15)
    # January 150,000 × 0.048 = 7,200 kg; February 100,000 × 0.060 = 6,000 kg → 13.2 t (scope 2).
    assert data.scope_2 == pytest.approx(13.2)
    # Gas 90,100 × 0.227 = 20,452.7 kg (scope 1).
    assert data.scope_1 == pytest.approx(20.4527)
    assert data.monthly[carrier("electricity").pk][:2] == [150_000, 100_000]
    assert data.cost == pytest.approx(44_500)


def test_uses_are_net_of_sub_meters_and_ranked_pareto(manager, montlucon_2025):
    rows, inconsistent = selectors.uses(manager.user, date(2025, 1, 1), date(2025, 2, 1), None, 80)
    # Heating 90,100; process 90,000; general 150,000 − 110,000 = 40,000; air 20,000 (total 240,100).
    assert [(row.use, row.kwh) for row in rows] == [
        ("heating", 90_100),
        ("process", 90_000),
        ("general", 40_000),
        ("compressed_air", 20_000),
    ]
    # Cumulative 37.5 %, 75.0 %, 91.7 %: the third crosses 80 % and is still significant.
    assert [row.is_significant for row in rows] == [True, True, True, False]
    assert rows[1].cumulative == pytest.approx(100 * 180_100 / 240_100)
    assert inconsistent == []


def test_regression_baseline_and_normalised_savings(manager, site_b):
    user = manager.user
    meter = make_meter(user, site_b, name="Compteur Moulins")
    parts = services.variable_create(user=user, site=site_b, name="Pièces produites", unit="pièces")
    baseline_parts = [10_000, 12_000, 8_000, 11_000, 9_000, 13_000]
    services.variable_set_values(
        user=user,
        variable=parts,
        values={date(2025, m, 1): Decimal(p) for m, p in enumerate(baseline_parts, 1)},
    )
    for month, p in enumerate(baseline_parts, 1):
        month_record(user, meter, 2025, month, 50_000 + 2.5 * p)  # exactly on the line
    indicator = services.indicator_create(
        user=user,
        site=site_b,
        name="kWh par pièce",
        variable=parts,
        kind=IndicatorKind.REGRESSION,
        baseline_start=date(2025, 1, 1),
        baseline_end=date(2025, 6, 1),
    )
    assert indicator.intercept == pytest.approx(50_000)
    assert indicator.slope == pytest.approx(2.5)
    assert indicator.r_squared == pytest.approx(1.0)
    assert indicator.baseline_points == 6
    # Ratio of the baseline: Σ kWh / Σ parts = (300,000 + 2.5 × 63,000) / 63,000 = 7.2619…
    assert indicator.baseline_ratio == pytest.approx(457_500 / 63_000)
    # 2026: 10,000 / 12,000 / 8,000 parts; 70,000 / 78,000 / 68,500 kWh → savings 8,500 kWh.
    services.variable_set_values(
        user=user,
        variable=parts,
        values={date(2026, 1, 1): 10_000, date(2026, 2, 1): 12_000, date(2026, 3, 1): 8_000},
    )
    for month, kwh in ((1, 70_000), (2, 78_000), (3, 68_500)):
        month_record(user, meter, 2026, month, kwh)
    report = selectors.indicator_report(indicator, date(2026, 1, 1), date(2027, 1, 1))
    assert report.savings.expected_kwh == pytest.approx(225_000)
    assert report.savings.savings_kwh == pytest.approx(8_500)
    assert report.savings.savings_percent == pytest.approx(3.7778, abs=1e-4)
    assert report.rows[0].enpi == pytest.approx(7.0)
    assert report.rows[0].baseline_enpi == pytest.approx(7.5)
    assert report.rows[3].kwh is None and report.rows[3].expected_kwh is None
    assert report.enpi == pytest.approx(216_500 / 30_000)


def test_ratio_indicator_needs_no_regression_and_explains_a_missing_baseline(manager, site_a):
    user = manager.user
    tonnes = services.variable_create(user=user, site=site_a, name="Tonnes usinées", unit="t")
    indicator = services.indicator_create(
        user=user,
        site=site_a,
        name="kWh par tonne",
        variable=tonnes,
        baseline_start=date(2025, 1, 1),
        baseline_end=date(2025, 12, 1),
    )
    assert indicator.baseline_ratio is None
    assert indicator.baseline_error.startswith("Aucun mois de la référence")
    meter = make_meter(user, site_a)
    month_record(user, meter, 2025, 1, 175_000)
    services.variable_set_values(user=user, variable=tonnes, values={date(2025, 1, 1): Decimal(50)})
    indicator.refresh_from_db()
    assert indicator.baseline_ratio == pytest.approx(3_500)
    assert indicator.baseline_error == ""  # one point: a ratio is enough


def test_lever_estimates_tco2e_and_opens_an_improvement_action(manager, site_a):
    lever = services.lever_create(
        user=manager.user,
        site=site_a,
        title="Récupération de chaleur sur les compresseurs",
        carrier=carrier("natural_gas"),
        use=EnergyUse.COMPRESSED_AIR,
        estimated_kwh=Decimal("120000"),
        estimated_cost_saving=Decimal("8400"),
        investment=Decimal("25000"),
    )
    assert lever.estimated_tco2e == Decimal("27.240")  # 120,000 × 0.227 / 1000
    assert lever.payback_years == Decimal("3.0")
    action = services.lever_create_action(
        user=manager.user, lever=lever, owner=manager, due_on=date(2026, 6, 30)
    )
    lever.refresh_from_db()
    assert lever.status == LeverStatus.IN_ACTION and lever.action == action
    assert action.type == "improvement" and action.site == site_a
    assert "120 000 kWh" in action.description and "27.240 tCO2e" in action.description
    assert action.estimated_cost == Decimal("25000")
    assert Action.objects.filter(origin_object_id=lever.pk).count() == 1
    with pytest.raises(ValidationError):
        services.lever_create_action(user=manager.user, lever=lever, owner=manager, due_on=date(2026, 6, 30))


def test_bulk_create_checks_every_row_first(manager, site_a):
    meter = make_meter(manager.user, site_a)
    rows = [
        {
            "meter": meter,
            "period_start": date(2025, m, 1),
            "period_end": date(2025, m, 28),
            "quantity": Decimal(1000 * m),
        }
        for m in range(1, 4)
    ]
    bad = [
        *rows,
        {"meter": meter, "period_start": date(2025, 5, 1), "period_end": date(2025, 4, 1), "quantity": 1},
    ]
    with pytest.raises(ValidationError) as error:
        services.consumption_bulk_create(user=manager.user, rows=bad)
    assert error.value.messages[0].startswith("Ligne 4 : ")
    assert Consumption.objects.count() == 0
    created = services.consumption_bulk_create(user=manager.user, rows=rows)
    assert len(created) == 3
    assert sorted(Consumption.objects.values_list("kwh", flat=True)) == [1000, 2000, 3000]
    assert Consumption.history.count() == 3
    with pytest.raises(ValidationError):
        services.consumption_bulk_create(user=manager.user, rows=rows[:1])

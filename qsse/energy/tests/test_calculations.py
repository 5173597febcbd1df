"""Pure calculations, checked against examples worked by hand (no database).

Conversion factors and emission factors are those shipped in data/energy_carriers.yaml (sources
in data/SOURCE.md): natural gas 1 kWh PCS = 1/1.11 = 0.901 kWh PCI (picbleu.fr table), heating oil
9.97 kWh PCI/l (picbleu.fr), propane 12.78 kWh PCI/kg (le-propane.fr), off-road diesel 3.17
kgCO2e/l (arrêté du 26 avril 2017) = 0.317 kgCO2e/kWh at 10 kWh/l.
"""

from datetime import date
from decimal import Decimal

import pytest

from qsse.energy import calculations as calc


def test_natural_gas_invoice_in_kwh_pcs_converted_to_pci_and_co2e():
    # 10,000 kWh PCS × 0.901 = 9,010 kWh PCI; × 0.227 kgCO2e/kWh = 2,045.27 kg
    kwh = calc.to_kwh(Decimal("10000"), Decimal("0.901"))
    assert kwh == Decimal("9010.000")
    assert calc.kg_co2e(kwh, Decimal("0.227")) == Decimal("2045.270")


def test_heating_oil_litres_and_propane_kg_to_kwh():
    assert calc.to_kwh(Decimal("1000"), Decimal("9.97")) == Decimal("9970.000")
    assert calc.kg_co2e(Decimal("9970"), Decimal("0.324")) == Decimal("3230.280")
    assert calc.to_kwh(Decimal("500"), Decimal("12.78")) == Decimal("6390.000")


def test_diesel_per_kwh_factor_gives_back_the_per_litre_factor_of_the_arrete():
    # 200 l × 10 kWh/l = 2,000 kWh; × 0.317 = 634 kg = 200 l × 3.17 kgCO2e/l
    kwh = calc.to_kwh(Decimal("200"), Decimal("10"))
    assert calc.kg_co2e(kwh, Decimal("0.317")) == Decimal("634.000") == Decimal("200") * Decimal("3.17")


def test_electricity_month_in_tonnes():
    # 175,000 kWh × 0.048 = 8,400 kg = 8.4 t
    assert calc.tonnes(calc.kg_co2e(Decimal("175000"), Decimal("0.048"))) == pytest.approx(8.4)


def test_consumption_from_two_indexes_with_the_meter_constant():
    # (12,845.6 − 12,345.6) × 40 (current transformers 200/5) = 20,000 kWh
    assert calc.consumption_from_index(Decimal("12345.6"), Decimal("12845.6"), Decimal("40")) == Decimal(
        "20000.0"
    )
    with pytest.raises(ValueError):
        calc.consumption_from_index(Decimal("10"), Decimal("9"))


@pytest.mark.parametrize(
    ("start", "end", "month"),
    [
        (date(2025, 1, 1), date(2025, 1, 31), date(2025, 1, 1)),
        (date(2025, 1, 28), date(2025, 2, 27), date(2025, 2, 1)),  # 4 days against 27
        (date(2025, 1, 16), date(2025, 2, 15), date(2025, 1, 1)),  # 16 days against 15
        (date(2025, 1, 17), date(2025, 2, 15), date(2025, 1, 1)),  # 15 / 15: the earlier month
    ],
)
def test_reference_month_is_the_month_with_most_days(start, end, month):
    assert calc.reference_month(start, end) == month


def test_months_helpers():
    assert calc.add_months(date(2025, 11, 15), 3) == date(2026, 2, 1)
    assert calc.add_months(date(2025, 1, 1), -1) == date(2024, 12, 1)
    assert calc.months_between(date(2025, 11, 5), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_cost_per_kwh():
    assert calc.cost_per_kwh(Decimal("15000"), Decimal("100000")) == Decimal("0.1500")
    assert calc.cost_per_kwh(None, Decimal("100")) is None
    assert calc.cost_per_kwh(Decimal("10"), Decimal("0")) is None


def test_net_by_meter_subtracts_sub_meters_from_their_parent():
    # General meter 1,000 kWh with sub-meters process 600 and compressed air 300 → 100 unallocated;
    # the air compressor sub-meter has its own sub-meter (dryer, 50) → 250 net.
    parents = {1: None, 2: 1, 3: 1, 4: 3}
    consumption = {1: Decimal(1000), 2: Decimal(600), 3: Decimal(300), 4: Decimal(50)}
    assert calc.net_by_meter(parents, consumption) == {1: 100, 2: 600, 3: 250, 4: 50}
    # Sub-meters reading more than their parent: the negative net is kept (an inconsistency).
    assert calc.net_by_meter({1: None, 2: 1}, {1: Decimal(100), 2: Decimal(120)})[1] == -20


def test_significant_uses_cover_the_threshold_pareto():
    rows = calc.significant_uses({"lighting": 50, "process": 600, "compressed_air": 100, "heating": 250}, 80)
    assert [(r.key, r.share, r.cumulative, r.is_significant) for r in rows] == [
        ("process", 60.0, 60.0, True),
        ("heating", 25.0, 85.0, True),  # crosses 80 %: significant
        ("compressed_air", 10.0, 95.0, False),
        ("lighting", 5.0, 100.0, False),
    ]
    # At 50 %: the largest use alone.
    assert [r.is_significant for r in calc.significant_uses({"a": 600, "b": 400}, 50)] == [True, False]


def test_linear_regression_textbook_example():
    # x = 1..5, y = 2, 4, 5, 4, 5: Sxy = 6, Sxx = 10 → b = 0.6, a = 4 − 0.6 × 3 = 2.2;
    # SSres = 2.4, SStot = 6 → R² = 0.6.
    model = calc.linear_regression([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert model.slope == pytest.approx(0.6)
    assert model.intercept == pytest.approx(2.2)
    assert model.r_squared == pytest.approx(0.6)
    assert model.n == 5
    assert model.predict(10) == pytest.approx(8.2)


def test_linear_regression_needs_three_points_and_a_varying_variable():
    with pytest.raises(ValueError):
        calc.linear_regression([1, 2], [3, 4])
    with pytest.raises(ValueError):
        calc.linear_regression([5, 5, 5], [1, 2, 3])


def test_normalised_savings_against_a_regression_baseline():
    # Baseline kWh = 50,000 + 2.5 × parts. Reporting months: 10,000 / 12,000 / 8,000 parts →
    # expected 75,000 + 80,000 + 70,000 = 225,000 kWh; actual 70,000 + 78,000 + 68,500 = 216,500;
    # savings 8,500 kWh = 3.78 % of the expected.
    model = calc.Regression(50_000, 2.5, 1.0, 12)
    expected = [
        calc.expected_kwh(kind="regression", variable=parts, baseline_ratio=None, model=model)
        for parts in (10_000, 12_000, 8_000)
    ]
    assert expected == [75_000, 80_000, 70_000]
    savings = calc.normalised_savings(expected, [70_000, 78_000, 68_500])
    assert savings.expected_kwh == 225_000
    assert savings.savings_kwh == 8_500
    assert savings.savings_percent == pytest.approx(3.7778, abs=1e-4)


def test_ratio_baseline_expected_consumption():
    # Baseline 2,100,000 kWh for 600 t machined = 3,500 kWh/t; a month of 48 t → 168,000 kWh expected.
    baseline = calc.ratio(2_100_000, 600)
    assert baseline == 3500
    assert calc.expected_kwh(kind="ratio", variable=48, baseline_ratio=baseline, model=None) == 168_000
    assert calc.ratio(10, 0) is None
    assert calc.expected_kwh(kind="ratio", variable=None, baseline_ratio=baseline, model=None) is None

"""The demo energy data of MBP: two years of invoices of the size the demo organisation describes
(electricity ≈ 2.1 GWh/year, gas ≈ 0.9 GWh/year), 2025 baselines with a good fit, and the 2026
savings of the compressed-air and heat-recovery actions visible in the EnPIs."""

from datetime import date

import pytest

from qsse.demo.energy import seed_energy
from qsse.demo.seeding import build_organisation
from qsse.energy import selectors
from qsse.energy.models import Consumption, EnergyIndicator, SavingsLever

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


@pytest.fixture
def demo():
    org = build_organisation()
    counts = seed_energy(org=org, user=org.people["qsse_manager"].user, processes={}, today=TODAY)
    return org, counts


def test_two_years_of_invoices_of_the_described_size(demo):
    org, counts = demo
    # January 2025 – October 2026: 22 months × 8 records, and 7 quarterly diesel deliveries.
    assert counts["energy records"] == Consumption.objects.count() == 22 * 8 + 7
    year = selectors.summary(None, date(2025, 1, 1), date(2026, 1, 1))
    by_code = {row.carrier.code: row for row in year.carriers}
    assert 1.95e6 < by_code["electricity"].kwh < 2.25e6
    assert 0.8e6 < by_code["natural_gas"].kwh < 1.0e6
    assert 0.13 < by_code["electricity"].cost_per_kwh < 0.17
    assert year.scope_1 > year.scope_2 > 0


def test_baselines_fit_and_2026_shows_savings(demo):
    electricity = EnergyIndicator.objects.get(name="Électricité Montluçon par pièce usinée")
    gas = EnergyIndicator.objects.get(name="Gaz de chauffage Montluçon par DJU")
    assert electricity.baseline_points == gas.baseline_points == 12
    assert electricity.r_squared > 0.9 and gas.r_squared > 0.9
    for indicator in (electricity, gas):
        report = selectors.indicator_report(indicator, date(2026, 1, 1), date(2027, 1, 1))
        assert report.savings.savings_kwh > 0, indicator.name
    air = EnergyIndicator.objects.get(name="Air comprimé par pièce usinée")
    air_2026 = selectors.indicator_report(air, date(2026, 4, 1), date(2026, 11, 1))
    assert 15 < air_2026.savings.savings_percent < 30  # leaks repaired: about 22 % less


def test_uses_and_levers(demo):
    rows, inconsistent = selectors.uses(None, date(2025, 1, 1), date(2026, 1, 1), None, 80)
    assert inconsistent == []
    significant = {row.use for row in rows if row.is_significant}
    assert "process" in significant and "heating" in significant
    assert SavingsLever.objects.count() == 5
    assert SavingsLever.objects.filter(action__isnull=False).count() == 2


def test_the_review_reads_every_enpi_in_one_query_with_the_same_figures(demo, django_assert_num_queries):
    """indicator_reports (the energy review) gives each EnPI the figures indicator_report gives it
    alone: the same months, kWh (sub-meters of the same use left out) and savings."""
    indicators = list(EnergyIndicator.objects.filter(is_active=True).order_by("pk"))
    assert len(indicators) >= 3
    start, end = date(2026, 1, 1), date(2027, 1, 1)
    alone = [selectors.indicator_report(indicator, start, end) for indicator in indicators]
    # One query for the meters of each EnPI, one for all their records, one per EnPI for its variable.
    with django_assert_num_queries(2 * len(indicators) + 1):
        together = selectors.indicator_reports(indicators, start, end)
    assert [report.rows for report in together] == [report.rows for report in alone]
    assert [report.savings for report in together] == [report.savings for report in alone]
    assert any(row.kwh for report in together for row in report.rows)

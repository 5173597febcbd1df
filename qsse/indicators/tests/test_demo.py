"""The demo tells MBP's story: improving indicators, one drifting off target, SMART objectives."""

from datetime import date

import pytest

from qsse.indicators import selectors
from qsse.indicators.models import Indicator, Measurement, Objective, Policy
from qsse.organization.models import Person

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(demo_company):
    """The demo company, seeded once for the run (see the root conftest)."""
    return demo_company


def test_demo_counts_and_story(demo, db):
    counts = demo.modules
    assert counts["indicators"] == 20 and counts["objectives"] == 12 and counts["QSSE policies"] == 2
    assert counts["indicator values"] == Measurement.objects.count() > 400
    assert Policy.objects.get(is_current=True).signed_by.last_name == "Vernet"
    assert Objective.objects.filter(level="strategic").count() == 4
    manager = Person.objects.get(last_name="Morel").user
    cards = {card.indicator.code: card for card in selectors.dashboard_cards(manager, today=TODAY)}
    assert cards["CLI-02"].status == "off_target" and cards["CLI-02"].trend.label == "worsening"
    assert cards["ENE-01"].status == "alert" and cards["ENE-01"].trend.label == "improving"
    assert cards["QUA-03"].trend.label == "improving"
    # Computed from the two years of NCs: a value every month, per site too.
    nc_per_month = Indicator.objects.get(code="QUA-01")
    assert nc_per_month.measurements.filter(site__isnull=True).count() == 23
    assert nc_per_month.measurements.filter(site__isnull=False).count() == 46
    assert sum(m.value for m in nc_per_month.measurements.filter(site__isnull=True)) > 50
    tree = selectors.objective_tree(manager, policy=Policy.objects.get(is_current=True), today=TODAY)
    assert len(tree.strategic) == 4 and sum(len(line.children) for line in tree.strategic) == 7

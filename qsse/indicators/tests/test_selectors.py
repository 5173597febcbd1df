"""Reads: dashboard cards (values, traffic light, trend), constant query count, objective tree."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.core.choices import Role
from qsse.indicators import calculations, selectors, services
from qsse.indicators.models import Indicator, Measurement

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def test_card_values_status_and_trend(manager, make_indicator, put_values):
    otd = make_indicator("LOG-01", name="Livraisons à l'heure")
    # Sept. 91, Oct. 92, Nov. 94: last value 94 is between the alert (90) and the target (95).
    put_values(otd, {date(2026, 9, 1): 91, date(2026, 10, 1): 92, date(2026, 11, 1): 94})
    scrap = make_indicator("QUA-02", direction="lower_is_better", target=3, alert_threshold=5)
    put_values(scrap, {date(2025, 12, 1): 9, date(2026, 1, 1): 2.5})  # Dec. 2025 is the 12th period back
    make_indicator("QUA-03")  # no value
    cards = {card.indicator.code: card for card in selectors.dashboard_cards(manager.user, today=TODAY)}
    card = cards["LOG-01"]
    assert (card.last_period, card.last_value, card.status) == (date(2026, 11, 1), Decimal("94"), "alert")
    # Slope of 91, 92, 94 = ((−1)(−1.33) + 0 + (1)(1.67)) / 2 = 1.5 per month: improving.
    assert card.trend.slope == pytest.approx(1.5)
    assert card.trend.label == "improving"
    assert card.periods[0] == date(2025, 12, 1) and card.periods[-1] == date(2026, 11, 1)
    assert card.values[-3:] == (Decimal("91"), Decimal("92"), Decimal("94"))
    assert cards["QUA-02"].values[:2] == (Decimal("9"), Decimal("2.5"))
    assert cards["QUA-02"].status == "on_target"
    assert cards["QUA-03"].status == "no_data"


def test_dashboard_reads_50_indicators_in_constant_queries(
    manager, make_indicator, put_values, site_a, django_assert_max_num_queries
):
    for number in range(50):
        indicator = make_indicator(
            f"IND-{number:02d}",
            site=site_a if number % 3 == 0 else None,
            frequency=["monthly", "quarterly", "yearly"][number % 3],
        )
        start = calculations.period_start(TODAY, indicator.frequency)
        put_values(
            indicator, {calculations.shift_period(start, indicator.frequency, -i): 90 + i for i in range(14)}
        )
    manager.user._qsse_site_ids = None  # the scope is cached per request
    with django_assert_max_num_queries(3):
        cards = selectors.dashboard_cards(manager.user, today=TODAY)
    assert len(cards) == 50
    assert all(card.last_value == Decimal("90") for card in cards)
    assert all(len(card.known_values) == 12 for card in cards)  # the 13th and 14th periods back are not read


def test_site_dashboard_shows_the_site_series(manager, make_indicator, put_values, site_a, site_b):
    split = make_indicator("ENV-01", is_split_by_site=True)
    put_values(split, {date(2026, 11, 1): 80})
    put_values(split, {date(2026, 11, 1): 70}, site=site_a)
    put_values(split, {date(2026, 11, 1): 90}, site=site_b)
    make_indicator("ENV-02", site=site_b)
    make_indicator("ENV-03")  # organisation-wide, not per site: not on a site's dashboard
    cards = selectors.dashboard_cards(manager.user, site=site_a, today=TODAY)
    assert [(card.indicator.code, card.last_value) for card in cards] == [("ENV-01", Decimal("70"))]
    assert [
        c.last_value
        for c in selectors.dashboard_cards(manager.user, today=TODAY)
        if c.indicator.code == "ENV-01"
    ] == [Decimal("80")]


def test_scoped_user_sees_no_other_site_indicator(member, make_indicator, put_values, site_a, site_b):
    make_indicator("MTL-01", site=site_a)
    make_indicator("MOU-01", site=site_b)
    make_indicator("ORG-01")
    reader = member(Role.READER, site=site_a, username="reader-mtl")
    assert [card.indicator.code for card in selectors.dashboard_cards(reader.user, today=TODAY)] == [
        "MTL-01",
        "ORG-01",
    ]
    assert set(selectors.measurement_list(reader.user).values_list("site__code", flat=True)) <= {"MTL", None}


def test_objective_tree_progress(manager, make_indicator, put_values):
    from qsse.processes import services as process_services

    complaints = make_indicator(
        "CLI-01", direction="lower_is_better", target=28, alert_threshold=34, frequency="yearly"
    )
    put_values(complaints, {date(2026, 1, 1): 34})
    policy = services.policy_create(
        user=manager.user, title="Politique", text="…", version="1", is_current=True
    )
    strategic = services.objective_create(
        user=manager.user,
        level="strategic",
        title="Réduire les réclamations clients de 30 %",
        policy=policy,
        indicator=complaints,
        baseline_value=Decimal("40"),
        target_value=Decimal("28"),
    )
    process = process_services.process_create(
        user=manager.user, code="REA-08", name="Après-vente", kind="realisation"
    )
    services.objective_create(
        user=manager.user, level="process", title="Répondre sous 48 h", parent=strategic, process=process
    )
    services.objective_create(
        user=manager.user, level="process", title="Objectif isolé de process", process=process
    )
    tree = selectors.objective_tree(manager.user, policy=policy, today=TODAY)
    assert [line.objective.pk for line in tree.strategic] == [strategic.pk]
    line = tree.strategic[0]
    # (34 − 40) / (28 − 40) = 50 % of the way; 34 is at the alert threshold.
    assert (
        line.current_value == Decimal("34")
        and line.progress == pytest.approx(50.0)
        and line.status == "alert"
    )
    assert [child.objective.title for child in line.children] == ["Répondre sous 48 h"]
    assert Indicator.objects.count() == 1 and Measurement.objects.count() == 1


def test_bulk_seed_and_dashboard_stay_constant(manager, site_a, site_b, django_assert_max_num_queries):
    from qsse.indicators.bulk import seed_bulk_measurements

    result = seed_bulk_measurements(9_000, indicators=30, today=TODAY)
    # 30 indicators × 3 series (organisation, MTL, MOU) = 90 series; 9,000 / 90 = 100 months each.
    assert result == {"indicators": 30, "series": 90, "months": 100, "measurements": 9_000}
    assert Measurement.objects.count() == 9_000
    assert seed_bulk_measurements(9_000, indicators=30, today=TODAY)["measurements"] == 0
    manager.user._qsse_site_ids = None
    with django_assert_max_num_queries(3):
        cards = selectors.dashboard_cards(manager.user, site=site_a, today=TODAY)
    assert len(cards) == 30 and all(len(card.known_values) == 12 for card in cards)

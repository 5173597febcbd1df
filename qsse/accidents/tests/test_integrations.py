"""What the module gives the others: indicator sources (TF, TF2, TG, accidents, days lost), the
management-review input, the search, the dashboard card; and the query budget of the pages."""

import html
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from qsse.accidents import services
from qsse.accidents.review_inputs import review_inputs
from qsse.core.registry import indicator_sources, review_input_providers

from .factories import make_accident

pytestmark = pytest.mark.django_db


def _at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10))


@pytest.fixture
def register(manager, site_a, site_b):
    """March 2026: Montluçon 1 accident with lost time (8 days) and 1 without, 12,000 hours;
    Moulins a near miss, 4,000 hours. April 2026: Montluçon 11,000 hours, Moulins none."""
    make_accident(manager.user, site_a, when=_at(2026, 3, 4), days_lost=8, lesion_seat="hand")
    make_accident(manager.user, site_a, when=_at(2026, 3, 18), kind="no_lost_time", title="Brûlure légère")
    make_accident(manager.user, site_b, when=_at(2026, 3, 25), kind="near_miss", title="Chariot et piéton")
    services.hours_set(user=manager.user, site=site_a, month=date(2026, 3, 1), hours=Decimal(12000))
    services.hours_set(user=manager.user, site=site_b, month=date(2026, 3, 1), hours=Decimal(4000))
    services.hours_set(user=manager.user, site=site_a, month=date(2026, 4, 1), hours=Decimal(11000))


def test_indicator_sources(register, site_a, site_b):
    march = (date(2026, 3, 1), date(2026, 4, 1))
    both = frozenset({site_a.pk, site_b.pk})
    # Both sites: 1 × 1,000,000 / 16,000 = 62.50; TF2 2 × 1,000,000 / 16,000 = 125.00;
    # TG 8 × 1,000 / 16,000 = 0.50.
    assert indicator_sources["accidents.frequency_rate"].compute(*march, both) == Decimal("62.50")
    assert indicator_sources["accidents.frequency_rate_2"].compute(*march, both) == Decimal("125.00")
    assert indicator_sources["accidents.severity_rate"].compute(*march, both) == Decimal("0.50")
    assert indicator_sources["accidents.frequency_rate"].compute(*march, frozenset({site_a.pk})) == Decimal(
        "83.33"
    )  # 1,000,000 / 12,000
    assert indicator_sources["accidents.lost_time"].compute(*march, None) == 1
    assert indicator_sources["accidents.days_lost"].compute(*march, None) == 8
    # March + April, both sites: Moulins has no April hours → not computable.
    assert (
        indicator_sources["accidents.frequency_rate"].compute(date(2026, 3, 1), date(2026, 5, 1), both)
        is None
    )
    # Montluçon alone over the two months: 1,000,000 / 23,000 = 43.48.
    assert indicator_sources["accidents.frequency_rate"].compute(
        date(2026, 3, 1), date(2026, 5, 1), frozenset({site_a.pk})
    ) == Decimal("43.48")
    drill = indicator_sources["accidents.frequency_rate"].drilldown(*march, site_a.pk)
    assert drill == f"/accidents/?occurred_from=2026-03-01&occurred_to=2026-04-01&site={site_a.pk}"


def test_review_input(register, manager):
    assert review_inputs in review_input_providers
    (section,) = review_inputs(manager.user, date(2026, 3, 1), date(2026, 4, 1), None, None)
    assert section.key == "monitoring_results"
    assert dict(section.figures) == {
        "Accidents avec arrêt": "1",
        "Presqu'accidents": "1",
        "Taux de fréquence (TF)": "62.50",
        "Taux de gravité (TG)": "0.50",
    }
    assert [row[2] for row in section.rows] == [
        "Accident avec arrêt",
        "Accident sans arrêt",
        "Presqu'accident",
    ]
    assert review_inputs(manager.user, date(2026, 3, 1), date(2026, 4, 1), None, 3) == []
    assert review_inputs(manager.user, date(2025, 1, 1), date(2025, 2, 1), None, None) == []


def test_search_and_dashboard_card(client, register, manager):
    client.force_login(manager.user)
    body = html.unescape(client.get("/search/", {"q": "Brûlure"}).content.decode())
    assert "Brûlure légère" in body
    body = html.unescape(client.get("/").content.decode())
    assert "Santé et sécurité" in body and "jours sans accident avec arrêt" in body


def test_query_budget_of_the_list_and_dashboard(
    client, register, manager, site_a, django_assert_max_num_queries
):
    for day in range(1, 20):
        make_accident(
            manager.user, site_a, when=_at(2026, 2, day), kind="no_lost_time", lesion_seat="fingers"
        )
    client.force_login(manager.user)
    client.get("/accidents/")  # warm the session and the user's caches
    with django_assert_max_num_queries(15):
        assert client.get("/accidents/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/accidents/dashboard/?month=2026-04").status_code == 200

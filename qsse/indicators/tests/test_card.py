"""The dashboard card (``indicator_card``), written in Python for speed: its markup, numbers and words."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from qsse.indicators import selectors
from qsse.indicators.templatetags.indicator_tags import indicator_card, number, number_list

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def _base():
    return reverse("indicators:indicator_detail", args=[0])[:-2]


def test_card_of_an_indicator_with_values(manager, make_indicator, put_values):
    otd = make_indicator("LOG-01", name="Livraisons à l'heure", unit="%", decimals=1)
    put_values(otd, {date(2026, 9, 1): 91, date(2026, 10, 1): 92, date(2026, 11, 1): 94.25})
    [card] = selectors.dashboard_cards(manager.user, today=TODAY)
    with translation.override("fr"):
        html = indicator_card(card, _base())
    url = reverse("indicators:indicator_detail", args=[otd.pk])
    assert html.startswith(
        '<article class="card h-100 indicator-card status-border-alert" '
        f'aria-labelledby="card-{otd.pk}-title">'
    )
    assert (
        f'<a href="{url}" class="stretched-link text-decoration-none">Livraisons à l&#x27;heure</a>' in html
    )
    assert '<p class="small text-body-secondary mb-1">LOG-01 · novembre 2026</p>' in html
    # 94.25 with one decimal: 94.2 (round half to even), French decimal comma.
    assert '<span class="fs-4 fw-semibold card-value">94,2</span> <span class="small">%</span>' in html
    assert "Cible : 95,0 %" in html
    assert "▲</span> Alerte" in html
    assert 'aria-label="3 dernières valeurs: 91,0, 92,0, 94,2"' in html


def test_card_of_a_split_indicator_on_a_site_and_without_last_value(
    manager, make_indicator, put_values, site_a
):
    scrap = make_indicator("QUA-02", is_split_by_site=True, decimals=0, unit="u")
    # September known, October and November empty: no trailing comma in the spoken values.
    put_values(scrap, {date(2026, 8, 1): 4, date(2026, 9, 1): 3}, site=site_a)
    [card] = selectors.dashboard_cards(manager.user, site=site_a, today=TODAY)
    with translation.override("fr"):
        html = indicator_card(card, _base())
    assert f'href="{reverse("indicators:indicator_detail", args=[scrap.pk])}?site={site_a.pk}"' in html
    assert 'aria-label="2 dernières valeurs: 4, 3"' in html
    assert "QUA-02 · septembre 2026" in html
    empty = make_indicator("QUA-03")
    card = next(c for c in selectors.dashboard_cards(manager.user, today=TODAY) if c.indicator == empty)
    with translation.override("fr"):
        html = indicator_card(card, _base())
    assert '<span class="fs-4 fw-semibold card-value">–</span>' in html
    assert "<svg" not in html and "Pas de valeur" in html


def test_number_and_number_list():
    with translation.override("fr"):
        assert number(Decimal("-0.04"), 1) == "0,0"  # no "-0"
        assert number(None) == "–"
        assert number(2.5, 0) == "2"  # half to even
        assert number_list([Decimal("1.25"), None, 3], 1) == "1,2, 3,0"
    with translation.override("en"):
        assert number_list([Decimal("1.25"), None, 3], 1) == "1.2, 3.0"

"""What the module gives the others: the "overdue periodic inspections" indicator source, the
management-review input, the search."""

from datetime import date, timedelta

import pytest

from qsse.core.registry import indicator_sources, review_input_providers
from qsse.inspections import services
from qsse.inspections.review_inputs import review_inputs

from .factories import line_of, make_equipment

pytestmark = pytest.mark.django_db


def test_overdue_indicator_source(manager, site_a, site_b, today):
    source = indicator_sources["inspections.overdue"]
    mtl = make_equipment(manager.user, site_a, commissioned_on=None, identifier="CE-MTL")  # due today
    mou = make_equipment(manager.user, site_b, identifier="CE-MOU")
    services.schedule_update(
        user=manager.user, line=line_of(mou, "forklift-vgp"), last_done_on=today - timedelta(days=200)
    )
    start = today.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    assert source.compute(start, end, None) == 1
    assert source.compute(start, end, frozenset({site_a.pk})) == 0
    assert source.compute(start, end, frozenset({site_b.pk})) == 1
    # Tomorrow the Montluçon one is late too (a period ending after today counts up to today only).
    assert mtl.schedule_lines.get().next_due_on == today
    assert source.drilldown(start, end, site_b.pk) == f"/inspections/?status=overdue&site={site_b.pk}"


def test_review_input_of_the_period(manager, site_a, today):
    assert review_inputs in review_input_providers
    forklift = make_equipment(manager.user, site_a, identifier="CE-01")
    line = line_of(forklift, "forklift-vgp")
    services.visit_record(
        user=manager.user,
        schedule=line,
        performed_on=today - timedelta(days=5),
        body="BV",
        result="observations",
        observations=[{"text": "Klaxon", "severity": "minor"}, {"text": "Pneus", "severity": "major"}],
    )
    visit_day = today - timedelta(days=5)
    (section,) = review_inputs(manager.user, visit_day, visit_day + timedelta(days=1), None, None)
    assert section.key == "monitoring_results"
    assert dict(section.figures) == {
        "Vérifications réalisées": "1",
        "Observations": "2",
        "Vérifications en retard": "0",
    }
    assert review_inputs(manager.user, visit_day, visit_day + timedelta(days=1), None, 7) == []
    assert review_inputs(manager.user, visit_day - timedelta(days=30), visit_day, None, None) == []


def test_search_finds_equipment_by_identifier(client, manager, site_a):
    make_equipment(manager.user, site_a, name="Chariot Linde", identifier="CE-MTL-07")
    client.force_login(manager.user)
    response = client.get("/search/", {"q": "CE-MTL-07"})
    assert "Chariot Linde" in response.content.decode()


def test_dashboard_card(client, manager, site_b, today):
    mou = make_equipment(manager.user, site_b, identifier="CE-MOU")
    services.schedule_update(
        user=manager.user, line=line_of(mou, "forklift-vgp"), last_done_on=today - timedelta(days=200)
    )
    client.force_login(manager.user)
    body = client.get("/").content.decode()
    assert "Vérifications périodiques" in body
    assert "1</a> vérification en retard" in body

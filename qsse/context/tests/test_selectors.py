"""Reads: grids, heat maps, the indicator source computed from history, review inputs, search."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qsse.context import selectors, services
from qsse.context.integrations import review_inputs
from qsse.core.choices import Role
from qsse.core.registry import indicator_sources, search_providers

from .factories import make_process, make_risk

pytestmark = pytest.mark.django_db


def test_party_grid_boxes(manager):
    for name, influence, interest in (
        ("Auto-Systèmes", 4, 4),
        ("DREAL", 4, 2),
        ("Riverains", 1, 3),
        ("Banque", 2, 1),
    ):
        services.party_create(
            user=manager.user, name=name, category="other", influence=influence, interest=interest
        )
    services.party_create(
        user=manager.user, name="Hors champ", category="other", influence=4, interest=4, is_relevant=False
    )
    grid = selectors.party_grid(manager.user)
    assert {key: [p.name for p in parties] for key, parties in grid.items()} == {
        "manage_closely": ["Auto-Systèmes"],
        "keep_satisfied": ["DREAL"],
        "keep_informed": ["Riverains"],
        "monitor": ["Banque"],
    }


def test_heat_maps_count_open_records_only(manager, process, matrix):
    make_risk(manager.user, process, probability=4, impact=4)
    closed = make_risk(manager.user, process, probability=4, impact=4)
    services.risk_opportunity_update(user=manager.user, record=closed, status="closed")
    risk_map = next(m for m in selectors.heat_maps(manager.user) if m.kind == "risk")
    assert risk_map.grid[0][3].count == 1  # top-right cell: probability 4, impact 4
    assert risk_map.row_labels == ["Quasi certain", "Probable", "Possible", "Rare"]


def test_significant_open_count_reads_the_history(manager, process, matrix, site_a, site_b):
    make_risk(manager.user, process, probability=3, impact=3, site=site_a)
    make_risk(manager.user, process, probability=4, impact=4, site=site_b)
    make_risk(manager.user, process, probability=1, impact=1, site=site_a)  # not significant
    opportunity = make_risk(manager.user, process, probability=4, impact=4, kind="opportunity", title="IATF")
    tomorrow = timezone.localdate() + timedelta(days=1)
    source = indicator_sources["context.significant_risks"]
    assert source.compute(date(2026, 1, 1), tomorrow, None) == 2  # the opportunity is not a risk
    assert source.compute(date(2026, 1, 1), tomorrow, frozenset({site_a.pk})) == 1
    assert source.compute(date(2000, 1, 1), date(2000, 2, 1), None) == 0  # nothing existed then
    assert selectors.significant_open_count(end=tomorrow, site_ids=None) == 3
    services.risk_opportunity_update(user=manager.user, record=opportunity, status="closed")
    assert selectors.significant_open_count(end=tomorrow, site_ids=None) == 2
    assert "is_significant=true" in source.drilldown(date(2026, 1, 1), tomorrow, site_a.pk)


def test_review_inputs(manager, process, matrix):
    other = make_process(manager.user, code="REA-06", name="Traitement de surface")
    user = manager.user
    analysis = services.analysis_create(user=user, kind="swot", title="SWOT", analysed_on=date(2026, 1, 5))
    services.analysis_item_add(user=user, analysis=analysis, category="strength", text="Savoir-faire")
    services.analysis_approve(user=user, analysis=analysis)
    services.party_create(user=user, name="CSE", category="unions", influence=3, interest=4)
    significant = make_risk(user, process, probability=4, impact=4, title="Perte client")
    make_risk(user, other, probability=3, impact=3, title="Dérive bain")
    make_risk(user, process, probability=1, impact=1, title="Mineur")
    today = timezone.localdate()
    sections = {
        s.key: s
        for s in review_inputs(user, today - timedelta(days=30), today + timedelta(days=1), None, None)
    }
    assert set(sections) == {"context_changes", "risk_opportunity_actions"}
    assert dict(sections["context_changes"].figures) == {
        "Analyses approuvées": "1",
        "Parties intéressées modifiées": "1",
    }
    rows = sections["risk_opportunity_actions"].rows
    assert [row[0] for row in rows] == [significant.reference, rows[1][0]] and len(rows) == 2
    assert rows[0][5:] == ("1", "1", "0")  # one treatment action, planned, none done
    # A process review: only that process, no context section.
    process_sections = review_inputs(
        user, today - timedelta(days=30), today + timedelta(days=1), None, other.pk
    )
    assert [s.key for s in process_sections] == ["risk_opportunity_actions"]
    assert [row[1] for row in process_sections[0].rows] == ["Dérive bain"]


def test_search_provider(manager, member, process, matrix, site_b):
    record = make_risk(manager.user, process, title="Dérive du bain d'anodisation", site=site_b)
    results = [
        r
        for provider in search_providers
        for r in provider(manager.user, "anodisation", 5)
        if r.reference.startswith("RO-")
    ]
    assert [r.reference for r in results] == [record.reference]
    scoped = member(Role.READER, username="scoped")  # Montluçon only
    assert selectors.risk_search(scoped.user, "anodisation", 5) == []

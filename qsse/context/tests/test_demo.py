"""The demo's context records: MBP's SWOT 2025 (approved) and 2026 (v2, draft), a PESTEL, the
interested parties, the 4 × 4 matrix and a register whose significant records have their actions."""

from datetime import date

import pytest

from qsse.actions import selectors as action_selectors
from qsse.context.models import ContextAnalysis, CriticalityMatrix, InterestedParty, RiskOpportunity

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(demo_company):
    """The demo company, seeded once for the run (see the root conftest)."""
    return demo_company


def test_demo_context(demo, db):
    assert demo.modules["risks and opportunities"] == 25
    assert demo.modules["interested parties"] == 13
    swot_2025, swot_2026 = ContextAnalysis.objects.filter(kind="swot").order_by("version")
    assert (swot_2025.version, swot_2025.status, swot_2025.approved_at.year) == (1, "approved", 2025)
    assert (swot_2026.version, swot_2026.status, swot_2026.previous_id) == (2, "draft", swot_2025.pk)
    assert swot_2026.items.count() == swot_2025.items.count() + 2
    assert ContextAnalysis.objects.filter(kind="pestel").count() == 1
    matrix = CriticalityMatrix.objects.get(is_active=True, usage="risks")
    assert (matrix.name, matrix.rows, matrix.cols) == ("Probabilité × Gravité", 4, 4)
    assert list(matrix.levels.values_list("name", "min_score", "is_significant")) == [
        ("Faible", 1, False),
        ("Modéré", 4, False),
        ("Élevé", 8, True),
        ("Critique", 12, True),
    ]
    significant = RiskOpportunity.objects.filter(is_significant=True)
    assert significant.count() == demo.modules["treatment actions"] >= 8
    assert all(action_selectors.origin_actions_summary(record)["total"] == 1 for record in significant)
    assert RiskOpportunity.objects.filter(kind="opportunity").count() == 8
    assert RiskOpportunity.objects.filter(site__code="MOU").exists()
    assert InterestedParty.objects.filter(category="authorities").count() == 2

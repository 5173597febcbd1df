"""The HACCP review input follows the reviewing user's sites, the period [start, end) and the process."""

from datetime import UTC, date, datetime

import pytest

from qsse.core.choices import Role
from qsse.haccp.models import Hazard
from qsse.haccp.review_inputs import risk_opportunity_actions

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


def _identified_on(hazard, day):
    Hazard.objects.filter(pk=hazard.pk).update(created_at=datetime(*day, 12, tzinfo=UTC))


def test_rights_period_and_process(member, site_a, site_b):
    manager = member(Role.QSSE_MANAGER, all_sites=True)
    _step, in_b, _c = build_ccp(manager.user, build_plan(manager.user, site_b))
    _step, in_a, _c = build_ccp(manager.user, build_plan(manager.user, site_a, title="Plan A"))
    _identified_on(in_b, (2025, 1, 1))  # the first day: inside [2025-01-01, 2026-01-01)
    _identified_on(in_a, (2025, 12, 31))
    start, end = date(2025, 1, 1), date(2026, 1, 1)
    [section] = risk_opportunity_actions(manager.user, start, end, None, None)
    assert section.figures[0][1] == "2"
    site_b_only = member(Role.QSSE_MANAGER, site=site_b)
    [section] = risk_opportunity_actions(site_b_only.user, start, end, None, None)
    assert section.figures[0][1] == "1" and section.rows[0][2] == "Survie de Salmonella"
    assert section.rows[0][0] == in_b.step.plan.reference
    _identified_on(in_a, (2026, 1, 1))  # the end is excluded
    [section] = risk_opportunity_actions(manager.user, start, end, None, None)
    assert section.figures[0][1] == "1"
    assert risk_opportunity_actions(manager.user, date(2024, 1, 1), start, None, None) == []
    assert risk_opportunity_actions(manager.user, start, end, None, 1) == []

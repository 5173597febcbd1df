"""What the app gives the other modules: review input, search, indicator source, dashboard widget."""

from datetime import date

import pytest

from qsse.audits import integrations, services
from qsse.audits.choices import AuditStatus
from qsse.audits.models import ChecklistQuestion
from qsse.core.registry import indicator_sources, review_input_providers

from .factories import AuditWorld, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def _reported(world, audit, today):
    services.audit_update(user=world.manager.user, audit=audit, conclusion="OK")
    ChecklistQuestion.objects.filter(audit=audit).update(answer="conform")
    services.audit_set_status(user=world.manager.user, audit=audit, status=AuditStatus.PREPARED)
    services.audit_set_status(user=world.manager.user, audit=audit, status=AuditStatus.IN_PROGRESS)
    services.audit_set_status(user=world.manager.user, audit=audit, status=AuditStatus.REPORTED, today=today)


def test_review_input_counts_findings_and_filters_by_process(world):
    assert integrations.review_inputs in review_input_providers
    audit = world.audit()
    services.finding_create(
        user=world.manager.user, audit=audit, kind="major_nc", description="A", requirement="r"
    )
    services.finding_create(user=world.manager.user, audit=audit, kind="ofi", description="B")
    _reported(world, audit, date(2026, 3, 12))
    other_process = make_process("REA-03", "Achats")
    (section,) = integrations.review_inputs(
        world.manager.user, date(2026, 1, 1), date(2027, 1, 1), None, None
    )
    assert section.key == "audit_results"
    figures = dict(section.figures)
    assert figures["Audits avec rapport"] == "1"  # French, the default language
    assert figures["Non-conformité majeure"] == "1"
    assert figures["Opportunité d'amélioration"] == "1"
    assert figures["NC d'audit ouvertes"] == "1"
    assert section.rows[0][0] == audit.reference
    assert len(section.rows) == 2  # the audit, then its NC still open
    (empty,) = integrations.review_inputs(
        world.manager.user, date(2026, 1, 1), date(2027, 1, 1), None, other_process.pk
    )
    assert empty.rows == ()
    assert integrations.findings_nc_count(date(2026, 1, 1), date(2027, 1, 1), None) == 1
    assert integrations.findings_nc_count(date(2025, 1, 1), date(2026, 1, 1), None) == 0
    assert "audits.findings_nc" in indicator_sources


def test_search_finds_audits_by_reference(world):
    audit = world.audit()
    results = integrations.search(world.manager.user, "AUD-2026", 10)
    assert [r.reference for r in results] == [audit.reference]

"""What compliance gives the management review (changes in obligations, evaluation of compliance)
and its indicator sources (conformity rate and open gaps at the end of a period, read from the
assessments' history), with values worked out by hand."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from qsse.compliance import indicator_sources, review_inputs, services
from qsse.compliance.models import ComplianceAssessment
from qsse.core.choices import Role
from qsse.core.registry import indicator_sources as registered_sources
from qsse.core.registry import review_input_providers

from .factories import V1, V2

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def loaded(manager, site_a, site_b):
    """V1 on site A (95 people, 2910, forklifts: the 4 requirements apply) and site B (30 people,
    nothing: DUER and CSE apply, the boiler and forklifts do not)."""
    site_a.headcount, site_b.headcount = 95, 30
    site_a.save()
    site_b.save()
    services.profile_save(user=manager.user, site=site_a, icpe_rubriques=["2910"], equipment=["forklifts"])
    services.profile_save(user=manager.user, site=site_b)
    return services.library_import(user=manager.user, content=V1)


def _assess(manager, site, key, status, **rating):
    assessment = ComplianceAssessment.objects.get(site=site, requirement__key=key)
    return services.assessment_record(
        user=manager.user, assessment=assessment, status=status, action_owner=manager, **rating
    )


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def test_sources_and_provider_are_registered():
    assert {"compliance.rate", "compliance.open_gaps"} <= set(registered_sources)
    assert review_inputs.review_inputs in review_input_providers


def test_review_sections(manager, loaded, site_a, site_b):
    today = timezone.localdate()
    _assess(manager, site_a, "duer", "compliant")
    _assess(manager, site_a, "cse", "partial", gap_likelihood=2, gap_impact=2)
    _assess(manager, site_a, "forklift", "noncompliant", gap_likelihood=4, gap_impact=4)
    _assess(manager, site_b, "duer", "compliant")
    start, end = date(today.year, 1, 1), today + timedelta(days=1)

    sections = review_inputs.review_inputs(manager.user, start, end, None, None)
    changes, evaluation = sections
    assert changes.key == "context_changes" and evaluation.key == "monitoring_results"
    # V1 loaded today: 4 new requirements, nothing to redo.
    assert changes.rows == ((today.strftime("%d/%m/%Y"), "Test OHS library", "2026.1", "4", "0", "0"),)
    # 6 applicable (A: 4, B: duer and cse); assessed: 2 compliant, 1 partial, 1 non-compliant →
    # (2 + 0.5) / 4 = 62.5 %; coverage 4 / 6 = 66.7 %; 2 open gaps.
    assert dict(evaluation.figures) == {
        "Taux de conformité": "62,5 %",
        "Couverture": "66,7 %",
        "Écarts ouverts": "2",
        "Réévaluations en retard": "0",
    }
    # The most critical gap first: the forklift (4 × 4 = 16) before the CSE (2 × 2 = 4).
    assert evaluation.rows[0][0] == "Arrêté du 1er mars 2004, art. 23 – Vérification des chariots"
    assert evaluation.rows[0][3].startswith("4 × 4 = 16")
    assert evaluation.rows[1][0].startswith("Code du travail, art. L2311-2")

    # Site B alone: 1 compliant of 2 applicable; no gap.
    only_b = review_inputs.review_inputs(manager.user, start, end, frozenset({site_b.pk}), None)[1]
    assert dict(only_b.figures)["Taux de conformité"] == "100,0 %"
    assert dict(only_b.figures)["Couverture"] == "50,0 %"
    assert only_b.rows == ()
    # A process review gets nothing.
    assert review_inputs.review_inputs(manager.user, start, end, None, 1) == []


def test_watch_in_the_review(manager, loaded, site_a):
    today = timezone.localdate()
    services.library_import(user=manager.user, content=V2)
    changes = review_inputs.review_inputs(
        manager.user, date(today.year, 1, 1), today + timedelta(days=1), None, None
    )[0]
    # V2: noise new, CSE modified, boiler repealed. Flagged: the CSE on A and B, and the boiler on A,
    # which leaves the register with its repealed requirement: 2 assessments to redo.
    assert changes.rows[1][2:] == ("2026.2", "1", "1", "1")
    assert dict(changes.figures) == {"Évaluations à refaire (veille)": "2"}


def test_indicators_read_the_state_at_the_end_of_the_period(manager, loaded, site_a, site_b):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    _assess(manager, site_a, "duer", "compliant")
    _assess(manager, site_a, "cse", "noncompliant", gap_likelihood=3, gap_impact=3)
    # Now: 1 compliant, 1 non-compliant → 50 %; one open gap.
    assert indicator_sources.conformity_rate(today, tomorrow, None) == Decimal("50.0")
    assert indicator_sources.open_gaps(today, tomorrow, None) == 1
    # Move that history 40 days back, then fix the CSE today: the past month keeps 50 %, today 100 %.
    history = ComplianceAssessment.history.model
    history.objects.update(history_date=_aware(today - timedelta(days=40)))
    _assess(manager, site_a, "cse", "compliant")
    last_month_end = today - timedelta(days=20)
    assert indicator_sources.conformity_rate(last_month_end - timedelta(days=30), last_month_end, None) == (
        Decimal("50.0")
    )
    assert indicator_sources.open_gaps(last_month_end - timedelta(days=30), last_month_end, None) == 1
    assert indicator_sources.conformity_rate(today, tomorrow, None) == Decimal("100.0")
    assert indicator_sources.open_gaps(today, tomorrow, None) == 0
    # Site B: nothing assessed → no rate (not 0 %); before the library was loaded → nothing either.
    assert indicator_sources.conformity_rate(today, tomorrow, frozenset({site_b.pk})) is None
    long_ago = today - timedelta(days=400)
    assert indicator_sources.conformity_rate(long_ago, long_ago + timedelta(days=30), None) is None

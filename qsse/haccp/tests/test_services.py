from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qsse.core.choices import Role
from qsse.haccp import selectors, services
from qsse.haccp.choices import HazardOutcome
from qsse.haccp.models import MonitoringRecord
from qsse.nonconformities.models import Nonconformity

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


def test_plan_reference_and_leader(manager, site_b):
    plan = build_plan(manager.user, site_b)
    year = timezone.localdate().year
    assert plan.reference == f"HACCP-{year}-0001"
    assert plan.leader == manager  # defaults to the creator


def test_hazard_scored_and_tree_decides_ccp(manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, hazard, control = build_ccp(manager.user, plan)
    hazard.refresh_from_db()
    assert hazard.score == 12
    assert hazard.is_significant
    assert hazard.outcome == HazardOutcome.CCP
    assert hazard.tree_answers == {"q1": True, "q2": True}
    assert control.code == "CCP 1"
    assert control.kind == "ccp"


def test_changing_an_answer_drops_the_later_ones(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step = services.step_add(user=manager.user, plan=plan, name="Réception")
    hazard = services.hazard_add(
        user=manager.user, step=step, category="biological", description="Listeria", likelihood=3, severity=4
    )
    for question, answer in (("q1", True), ("q2", False), ("q3", True), ("q4", True)):
        hazard = services.hazard_answer(user=manager.user, hazard=hazard, question=question, answer=answer)
    assert hazard.outcome == HazardOutcome.NOT_CCP
    hazard = services.hazard_answer(user=manager.user, hazard=hazard, question="q2", answer=True)
    assert hazard.tree_answers == {"q1": True, "q2": True}
    assert hazard.outcome == HazardOutcome.CCP


def test_not_significant_hazard_skips_the_tree(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step = services.step_add(user=manager.user, plan=plan, name="Service")
    hazard = services.hazard_add(
        user=manager.user, step=step, category="physical", description="Cheveu", likelihood=1, severity=2
    )
    assert hazard.score == 2
    assert hazard.outcome == HazardOutcome.NOT_SIGNIFICANT
    with pytest.raises(ValidationError):
        services.hazard_answer(user=manager.user, hazard=hazard, question="q1", answer=True)


def test_oprp_classification_needs_a_justification(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step = services.step_add(user=manager.user, plan=plan, name="Stockage froid")
    hazard = services.hazard_add(
        user=manager.user, step=step, category="biological", description="Listeria", likelihood=3, severity=3
    )
    with pytest.raises(ValidationError):
        services.hazard_classify_oprp(user=manager.user, hazard=hazard, justification=" ")
    hazard = services.hazard_classify_oprp(
        user=manager.user, hazard=hazard, justification="Maîtrise par enceinte"
    )
    assert hazard.outcome == HazardOutcome.OPRP
    control = services.control_point_define(
        user=manager.user, hazard=hazard, limit_max=Decimal("3"), unit="°C"
    )
    assert control.code == "OPRP 1"


def test_control_point_needs_a_limit(manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, hazard, control = build_ccp(manager.user, plan)
    with pytest.raises(ValidationError):
        services.control_point_define(user=manager.user, hazard=hazard, limit_min=None, limit_text="")


def test_out_of_limit_record_opens_a_nonconformity_and_an_action(manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, _hazard, control = build_ccp(manager.user, plan)
    at = timezone.now() - timedelta(hours=1)
    ok = services.monitoring_record_add(
        user=manager.user, control_point=control, measured_at=at, value=Decimal("71")
    )
    assert ok.is_within_limits and ok.nonconformity is None
    bad = services.monitoring_record_add(
        user=manager.user,
        control_point=control,
        measured_at=at,
        value=Decimal("58.5"),
        action_owner=manager,
        action_due_on=timezone.localdate(),
    )
    assert not bad.is_within_limits
    nonconformity = Nonconformity.objects.get(pk=bad.nonconformity_id)
    assert nonconformity.site == site_b
    assert "CCP 1" in nonconformity.title and "58.5" in nonconformity.title
    assert nonconformity.containment == "Prolonger la cuisson"
    from qsse.actions.models import Action

    assert Action.objects.filter(origin_object_id=nonconformity.pk).count() == 1


def test_record_needs_a_value_for_a_numeric_limit(manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, _hazard, control = build_ccp(manager.user, plan)
    with pytest.raises(ValidationError):
        services.monitoring_record_add(user=manager.user, control_point=control, measured_at=timezone.now())
    assert MonitoringRecord.objects.count() == 0


def test_completeness_follows_the_plan(manager, site_b):
    plan = build_plan(manager.user, site_b, team=[manager])
    missing = [item["number"] for item in selectors.plan_checklist(plan) if not item["is_done"]]
    assert missing == [4, 5, 6, 7, 11]  # leader, team, scope, product and use given
    step, _hazard, _control = build_ccp(manager.user, plan)
    services.step_verify(user=manager.user, step=step, verified_on=timezone.localdate())
    services.plan_update(user=manager.user, plan=plan, verification_procedure="Audit interne annuel")
    assert [item["number"] for item in selectors.plan_checklist(plan) if not item["is_done"]] == []


def test_reader_cannot_write(member, manager, site_b):
    reader = member(Role.READER, site=site_b)
    with pytest.raises(PermissionDenied):
        build_plan(reader.user, site_b)
    plan = build_plan(manager.user, site_b)
    with pytest.raises(PermissionDenied):
        services.step_add(user=reader.user, plan=plan, name="X")


def test_contributor_edits_only_plans_of_their_team(member, manager, site_b):
    contributor = member(Role.CONTRIBUTOR, site=site_b)
    plan = build_plan(manager.user, site_b)
    with pytest.raises(PermissionDenied):
        services.step_add(user=contributor.user, plan=plan, name="X")
    plan.team.add(contributor)
    assert services.step_add(user=contributor.user, plan=plan, name="X").number == 1


def test_approve_and_archive_blocks(manager, site_b):
    plan = build_plan(manager.user, site_b)
    plan = services.plan_approve(user=manager.user, plan=plan)
    assert plan.status == "approved"
    assert plan.approved_by == manager.user


def test_rating_on_the_default_haccp_matrix(manager, site_b):
    from qsse.context.services import matrix_ensure_default

    matrix_ensure_default(usage="haccp")  # 4 × 4: Faible 1–3, Modéré 4–7, Élevé 8–11, Critique 12–16
    plan = build_plan(manager.user, site_b)
    step = services.step_add(user=manager.user, plan=plan, name="Cuisson")
    critical = services.hazard_add(
        user=manager.user,
        step=step,
        category="biological",
        description="Salmonella",
        likelihood=3,
        severity=4,
    )
    moderate = services.hazard_add(
        user=manager.user, step=step, category="physical", description="Verre", likelihood=2, severity=3
    )
    assert (critical.score, critical.level_name, critical.is_significant) == (12, "Critique", True)
    assert (moderate.score, moderate.level_name, moderate.is_significant) == (6, "Modéré", False)
    assert moderate.outcome == HazardOutcome.NOT_SIGNIFICANT
    with pytest.raises(ValidationError):  # a 4 × 4 matrix has no likelihood 5
        services.hazard_add(
            user=manager.user, step=step, category="chemical", description="X", likelihood=5, severity=1
        )
    grid = selectors.plan_heat_grid(plan)
    assert grid[1][3]["count"] == 1  # likelihood 3 (second row from the top), severity 4

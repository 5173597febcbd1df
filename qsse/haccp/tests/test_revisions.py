"""Approval freezes a HACCP plan; changes go through a new revision (revision + 1), the approved one
staying in force until the new one is approved, then superseded and read-only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from qsse.core.choices import Role
from qsse.haccp import services
from qsse.haccp.choices import PlanStatus
from qsse.haccp.models import ControlPoint, HaccpPlan, Hazard, ProcessStep

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True, username="claire")


@pytest.fixture
def approved(manager, site_b):
    plan = build_plan(manager.user, site_b, team=[manager])
    step, hazard, control = build_ccp(manager.user, plan)
    services.plan_approve(user=manager.user, plan=plan)
    plan.refresh_from_db()
    return plan, step, hazard, control


def _code(call) -> str:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.code if hasattr(raised.value, "code") else ""


def test_an_approved_plan_is_frozen(manager, approved):
    plan, step, hazard, control = approved
    user = manager.user
    refused = [
        lambda: services.plan_update(user=user, plan=plan, title="Autre titre"),
        lambda: services.step_add(user=user, plan=plan, name="Refroidissement"),
        lambda: services.step_update(user=user, step=step, name="Cuisson vapeur"),
        lambda: services.step_verify(user=user, step=step, verified_on=timezone.localdate()),
        lambda: services.step_delete(user=user, step=step),
        lambda: services.hazard_add(
            user=user, step=step, category="chemical", description="Huile", likelihood=1, severity=1
        ),
        lambda: services.hazard_update(user=user, hazard=hazard, likelihood=2),
        lambda: services.hazard_answer(user=user, hazard=hazard, question="q2", answer=False),
        lambda: services.hazard_tree_reset(user=user, hazard=hazard),
        lambda: services.control_point_define(user=user, hazard=hazard, limit_min=Decimal("70")),
    ]
    assert [_code(call) for call in refused] == ["approved"] * len(refused)
    control.refresh_from_db()
    assert control.limit_min == Decimal("63.00")
    assert plan.steps.count() == 1
    # Its use goes on: monitoring results are recorded on the approved plan.
    record = services.monitoring_record_add(
        user=user,
        control_point=control,
        measured_at=timezone.now() - timedelta(minutes=5),
        value=Decimal("72"),
    )
    assert record.is_within_limits
    assert _code(lambda: services.plan_approve(user=user, plan=plan)) == "already_approved"


def test_new_revision_copies_the_plan(manager, approved):
    plan, step, hazard, control = approved
    revision = services.plan_new_revision(user=manager.user, plan=plan)
    assert (revision.reference, revision.revision, revision.status) == (plan.reference, 1, "draft")
    assert revision.previous_revision == plan
    assert revision.approved_on is None and revision.approved_by is None
    assert list(revision.team.all()) == [manager]
    assert revision.title == plan.title and revision.composition == plan.composition
    new_step = revision.steps.get()
    assert (new_step.number, new_step.name, new_step.kind) == (1, "Cuisson", "cooking")
    assert new_step.pk != step.pk
    new_hazard = Hazard.objects.get(step=new_step)
    assert (new_hazard.score, new_hazard.outcome, new_hazard.tree_answers) == (
        12,
        "ccp",
        {"q1": True, "q2": True},
    )
    assert new_hazard.created_at == hazard.created_at  # identified when the original was
    new_control = ControlPoint.objects.get(hazard=new_hazard)
    assert (new_control.code, new_control.limit_min, new_control.unit) == ("CCP 1", Decimal("63.00"), "°C")
    assert ControlPoint.objects.count() == 2
    # The approved revision stays in force and untouched.
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert ProcessStep.objects.filter(plan=plan).count() == 1
    # The draft revision is editable.
    services.control_point_define(user=manager.user, hazard=new_hazard, limit_min=Decimal("70"))
    control.refresh_from_db()
    assert control.limit_min == Decimal("63.00")


def test_approving_the_revision_supersedes_the_previous_one(manager, approved):
    plan, _step, _hazard, control = approved
    revision = services.plan_new_revision(user=manager.user, plan=plan)
    assert _code(lambda: services.plan_new_revision(user=manager.user, plan=plan)) == "revision_exists"
    assert _code(lambda: services.plan_new_revision(user=manager.user, plan=revision)) == "not_approved"
    services.plan_approve(user=manager.user, plan=revision)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert _code(lambda: services.plan_update(user=manager.user, plan=plan, title="X")) == "superseded"
    at = timezone.now() - timedelta(minutes=5)
    recorded = lambda: services.monitoring_record_add(  # noqa: E731
        user=manager.user, control_point=control, measured_at=at, value=Decimal("70")
    )
    assert _code(recorded) == "not_in_force"
    second = services.plan_new_revision(user=manager.user, plan=revision)
    assert second.revision == 2
    assert HaccpPlan.objects.filter(reference=plan.reference).count() == 3


def test_new_revision_needs_the_edit_right(member, manager, approved, site_b):
    plan = approved[0]
    reader = member(Role.READER, site=site_b)
    with pytest.raises(PermissionDenied):
        services.plan_new_revision(user=reader.user, plan=plan)


def test_pages_refuse_changes_to_an_approved_plan(client, manager, approved):
    plan, step, hazard, _control = approved
    client.force_login(manager.user)
    response = client.get(reverse("haccp:plan_edit", args=[plan.pk]), follow=True)
    assert "créez une nouvelle révision" in response.content.decode()
    response = client.post(
        reverse("haccp:step_add", args=[plan.pk]), {"name": "Refroidissement"}, follow=True
    )
    assert "Ce plan HACCP est approuvé et figé" in response.content.decode()
    assert plan.steps.count() == 1
    response = client.post(
        reverse("haccp:control_point_edit", args=[hazard.pk]), {"limit_min": "70"}, follow=True
    )
    assert "Ce plan HACCP est approuvé et figé" in response.content.decode()
    page = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "records"}).content.decode()
    assert "Enregistrer le relevé" in page  # monitoring goes on
    flow = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "flow"}).content.decode()
    assert "Ajouter l’étape" not in flow
    assert "Nouvelle révision" in flow


def test_new_revision_page(client, member, manager, approved, site_b):
    plan = approved[0]
    reader = member(Role.READER, site=site_b)
    client.force_login(reader.user)
    assert client.post(reverse("haccp:plan_new_revision", args=[plan.pk])).status_code == 403
    client.force_login(manager.user)
    response = client.post(reverse("haccp:plan_new_revision", args=[plan.pk]))
    revision = HaccpPlan.objects.get(previous_revision=plan)
    assert response.status_code == 302 and response["Location"] == revision.get_absolute_url()
    page = client.get(revision.get_absolute_url(), follow=True).content.decode()
    assert "révision 1" in page and "Révision 0" in page
    response = client.post(reverse("haccp:plan_new_revision", args=[plan.pk]), follow=True)
    assert "Une nouvelle révision de ce plan HACCP existe déjà" in response.content.decode()

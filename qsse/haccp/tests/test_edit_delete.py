"""Steps and hazards changed and deleted on a draft plan, through the services and the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from qsse.core.choices import Role
from qsse.haccp import services
from qsse.haccp.models import ControlPoint, Hazard, ProcessStep

from .factories import build_ccp, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True, username="claire")


def test_step_update_and_delete(manager, site_b):
    plan = build_plan(manager.user, site_b)
    first = services.step_add(user=manager.user, plan=plan, name="Réception")
    second = services.step_add(user=manager.user, plan=plan, name="Stockage")
    services.step_update(user=manager.user, step=second, name="Stockage froid", kind="storage")
    second.refresh_from_db()
    assert (second.number, second.name, second.kind) == (2, "Stockage froid", "storage")
    with pytest.raises(ValidationError):  # number 1 is taken in this plan
        services.step_update(user=manager.user, step=second, number=1)
    services.step_delete(user=manager.user, step=first)
    assert list(plan.steps.values_list("name", flat=True)) == ["Stockage froid"]


def test_a_step_holding_hazards_or_a_ccp_is_not_deleted(manager, site_b):
    plan = build_plan(manager.user, site_b)
    step, _hazard, _control = build_ccp(manager.user, plan)
    with pytest.raises(ValidationError) as raised:
        services.step_delete(user=manager.user, step=step)
    assert raised.value.code == "has_hazards"
    assert "CCP 1" in raised.value.messages[0]
    plain = services.step_add(user=manager.user, plan=plan, name="Service")
    services.hazard_add(
        user=manager.user, step=plain, category="physical", description="Cheveu", likelihood=1, severity=2
    )
    with pytest.raises(ValidationError) as raised:
        services.step_delete(user=manager.user, step=plain)
    assert raised.value.messages == [
        "L’étape « Service » porte 1 danger : supprimez-le ou déplacez-le d’abord."
    ]
    assert ProcessStep.objects.filter(plan=plan).count() == 2


def test_hazard_update_rescores_and_moves(manager, site_b):
    plan = build_plan(manager.user, site_b)
    reception = services.step_add(user=manager.user, plan=plan, name="Réception")
    cooking = services.step_add(user=manager.user, plan=plan, name="Cuisson")
    hazard = services.hazard_add(
        user=manager.user, step=reception, category="physical", description="Verre", likelihood=1, severity=2
    )
    assert (hazard.score, hazard.outcome) == (2, "not_significant")
    # Fallback rating without a "haccp" matrix: score = L × S, significant from 6.
    hazard = services.hazard_update(user=manager.user, hazard=hazard, step=cooking, likelihood=2, severity=3)
    hazard.refresh_from_db()
    assert (hazard.step, hazard.score, hazard.is_significant, hazard.outcome) == (cooking, 6, True, "pending")
    other_plan = build_plan(manager.user, site_b, title="Autre")
    elsewhere = services.step_add(user=manager.user, plan=other_plan, name="Ailleurs")
    with pytest.raises(ValidationError):
        services.hazard_update(user=manager.user, hazard=hazard, step=elsewhere)


def test_hazard_delete(manager, site_b):
    plan = build_plan(manager.user, site_b)
    _step, hazard, control = build_ccp(manager.user, plan)
    services.hazard_delete(user=manager.user, hazard=hazard)  # its CCP goes with it
    assert Hazard.objects.count() == 0 and ControlPoint.objects.count() == 0
    _step, hazard, control = build_ccp(manager.user, build_plan(manager.user, site_b))
    services.monitoring_record_add(
        user=manager.user,
        control_point=control,
        measured_at=timezone.now() - timedelta(minutes=1),
        value=Decimal("70"),
    )
    with pytest.raises(ValidationError) as raised:
        services.hazard_delete(user=manager.user, hazard=hazard)
    assert raised.value.code == "has_records"
    assert Hazard.objects.filter(pk=hazard.pk).exists()


def test_only_the_plan_team_changes_steps_and_hazards(member, manager, site_b):
    plan = build_plan(manager.user, site_b)
    step, hazard, _control = build_ccp(manager.user, plan)
    contributor = member(Role.CONTRIBUTOR, site=site_b)
    for call in (
        lambda: services.step_update(user=contributor.user, step=step, name="X"),
        lambda: services.step_delete(user=contributor.user, step=step),
        lambda: services.hazard_update(user=contributor.user, hazard=hazard, likelihood=1),
        lambda: services.hazard_delete(user=contributor.user, hazard=hazard),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_edit_and_delete_pages(client, manager, site_b):
    plan = build_plan(manager.user, site_b)
    step, hazard, _control = build_ccp(manager.user, plan)
    empty = services.step_add(user=manager.user, plan=plan, name="Emballage")
    client.force_login(manager.user)
    flow = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "flow"}).content.decode()
    assert reverse("haccp:step_edit", args=[plan.pk, step.pk]) in flow
    assert reverse("haccp:step_delete", args=[plan.pk, empty.pk]) in flow
    url = reverse("haccp:step_edit", args=[plan.pk, step.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": 1, "name": "Cuisson four", "kind": "cooking"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.name == "Cuisson four"
    response = client.post(url, {"number": empty.number, "name": "Doublon", "kind": "cooking"})
    assert response.status_code == 400  # the number is taken
    response = client.post(reverse("haccp:step_delete", args=[plan.pk, step.pk]), follow=True)
    assert "porte les points de maîtrise CCP 1" in response.content.decode()
    response = client.post(reverse("haccp:step_delete", args=[plan.pk, empty.pk]), follow=True)
    assert "Étape supprimée." in response.content.decode()
    assert not ProcessStep.objects.filter(pk=empty.pk).exists()

    hazards = client.get(reverse("haccp:plan_detail", args=[plan.pk]), {"tab": "hazards"}).content.decode()
    assert reverse("haccp:hazard_edit", args=[hazard.pk]) in hazards
    url = reverse("haccp:hazard_edit", args=[hazard.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "step": step.pk,
            "category": "biological",
            "description": "Salmonella",
            "likelihood": 2,
            "severity": 4,
        },
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.description, hazard.score) == ("Salmonella", 8)
    response = client.post(reverse("haccp:hazard_delete", args=[hazard.pk]), follow=True)
    assert "Danger supprimé." in response.content.decode()
    assert not Hazard.objects.filter(pk=hazard.pk).exists()


def test_edit_pages_refuse_readers_and_frozen_plans(client, member, manager, site_a, site_b):
    plan = build_plan(manager.user, site_b)
    step, hazard, _control = build_ccp(manager.user, plan)
    reader = member(Role.READER, site=site_b)
    client.force_login(reader.user)
    assert client.get(reverse("haccp:step_edit", args=[plan.pk, step.pk])).status_code == 403
    assert client.post(reverse("haccp:step_delete", args=[plan.pk, step.pk])).status_code == 403
    assert client.get(reverse("haccp:hazard_edit", args=[hazard.pk])).status_code == 403
    assert client.post(reverse("haccp:hazard_delete", args=[hazard.pk])).status_code == 403
    outsider = member(Role.QSSE_MANAGER, site=site_a)
    client.force_login(outsider.user)
    assert client.get(reverse("haccp:hazard_edit", args=[hazard.pk])).status_code == 404
    services.plan_approve(user=manager.user, plan=plan)
    client.force_login(manager.user)
    response = client.post(reverse("haccp:hazard_delete", args=[hazard.pk]), follow=True)
    assert "Ce plan HACCP est approuvé et figé" in response.content.decode()
    response = client.get(reverse("haccp:step_edit", args=[plan.pk, step.pk]), follow=True)
    assert "Ce plan HACCP est approuvé et figé" in response.content.decode()
    assert Hazard.objects.filter(pk=hazard.pk).exists()

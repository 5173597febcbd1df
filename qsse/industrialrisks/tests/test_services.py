"""Services of the industrial risk control plan on the default "industrial" matrix (4 × 4: Faible
1–3, Modéré 4–7, Élevé 8–11 significant, Critique 12–16 significant)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions.models import Action
from qsse.context.choices import MatrixUsage
from qsse.context.models import CriticalityMatrix
from qsse.core.choices import Role
from qsse.industrialrisks import services

from .conftest import make_phenomenon

pytestmark = pytest.mark.django_db


def test_the_usage_exists_and_its_matrix_is_created(phenomenon):
    assert MatrixUsage.INDUSTRIAL == "industrial"
    matrix = CriticalityMatrix.objects.get(usage="industrial", is_active=True)
    assert (matrix.rows, matrix.cols) == (4, 4)
    # 3 × 4 = 12: Critique; no residual given → same rating after measures.
    assert (phenomenon.reference[:4], phenomenon.score, phenomenon.level) == ("PHD-", 12, "Critique")
    assert (phenomenon.residual_score, phenomenon.residual_level, phenomenon.is_significant) == (
        12,
        "Critique",
        True,
    )


def test_residual_rating_after_measures(manager, phenomenon):
    services.measure_create(
        user=manager.user, phenomenon=phenomenon, description="Détection flamme", role="protection"
    )
    services.phenomenon_update(
        user=manager.user, phenomenon=phenomenon, residual_probability=3, residual_gravity=2
    )
    # 3 × 2 = 6: Modéré, not significant.
    assert (phenomenon.residual_score, phenomenon.residual_level, phenomenon.is_significant) == (
        6,
        "Modéré",
        False,
    )
    reduction = services.phenomenon_reduction(phenomenon)
    assert (reduction.reduction, reduction.gravity_credited) == (6, True)


def test_residual_above_initial_or_the_grid_is_refused(manager, phenomenon, site_a):
    with pytest.raises(ValidationError) as error:
        services.phenomenon_update(user=manager.user, phenomenon=phenomenon, residual_gravity=4, gravity=3)
    assert "residual_gravity" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_phenomenon(manager.user, site_a, manager, probability=5)
    assert "probability" in error.value.message_dict


def test_planned_measure_to_action(manager, phenomenon):
    measure = services.measure_create(
        user=manager.user,
        phenomenon=phenomenon,
        description="Extinction automatique CO2",
        role="protection",
        status="planned",
    )
    action = services.measure_to_action(
        user=manager.user, measure=measure, owner=manager, due_on=date(2026, 12, 15)
    )
    assert Action.objects.get() == action and measure.action == action
    assert action.type == "preventive" and action.site == phenomenon.site
    with pytest.raises(ValidationError):
        services.measure_to_action(
            user=manager.user, measure=measure, owner=manager, due_on=date(2026, 12, 15)
        )


def test_matrix_change_rescores(manager, phenomenon):
    from qsse.context.models import CriticalityLevel

    matrix = CriticalityMatrix.objects.get(usage="industrial")
    CriticalityLevel.objects.filter(matrix=matrix, name="Critique").update(min_score=13)
    assert services.phenomena_rescore(matrix.pk) == 1
    phenomenon.refresh_from_db()
    assert phenomenon.level == "Élevé"


def test_drill_logged_with_the_procedure_scenario(manager, plan, phenomenon):
    procedure = services.procedure_create(
        user=manager.user,
        plan=plan,
        phenomenon=phenomenon,
        scenario="Feu en cabine de peinture",
        steps="Alerter\nÉvacuer",
    )
    drill = services.drill_record(
        user=manager.user,
        plan=plan,
        held_on=date(2026, 3, 12),
        procedure=procedure,
        participants=85,
        duration_minutes=12,
    )
    assert drill.reference == "EXE-2026-0001" and drill.scenario == "Feu en cabine de peinture"
    action = services.drill_to_action(
        user=manager.user, drill=drill, title="Baliser l'issue nord", owner=manager, due_on=date(2026, 4, 30)
    )
    assert action.origin_object_id == drill.pk and action.type == "corrective"


def test_procedure_of_another_site_is_refused(manager, plan, site_b):
    other = make_phenomenon(manager.user, site_b, manager)
    with pytest.raises(ValidationError):
        services.procedure_create(user=manager.user, plan=plan, phenomenon=other, scenario="x", steps="y")


def test_reader_and_other_site(member, site_b, plan, phenomenon):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        services.drill_record(
            user=reader.user, plan=plan, held_on=date(2026, 3, 1), scenario="x", duration_minutes=5
        )
    other = member(Role.CONTRIBUTOR, site=site_b)
    with pytest.raises(PermissionDenied):
        services.measure_create(user=other.user, phenomenon=phenomenon, description="x", role="prevention")

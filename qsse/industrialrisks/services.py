"""Every write of the industrial risk control plan: dangerous phenomena rated on the "industrial"
matrix before and after measures, prevention and protection measures (planned ones → actions),
the emergency plan of each site with its procedures, contacts and resources, and the drills log
(findings → actions)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require
from qsse.core.services import event_record

from . import calculations, rating
from .choices import MeasureStatus
from .models import (
    DangerousPhenomenon,
    Drill,
    EmergencyContact,
    EmergencyPlan,
    EmergencyProcedure,
    EmergencyResource,
    SafetyMeasure,
)

MATRIX_USAGE = rating.USAGE
PHENOMENON_FIELDS = frozenset(
    {
        "site",
        "installation",
        "kind",
        "title",
        "scenario",
        "consequences",
        "probability",
        "gravity",
        "residual_probability",
        "residual_gravity",
        "owner",
    }
)
MEASURE_FIELDS = frozenset({"description", "role", "status"})
PLAN_FIELDS = frozenset(
    {
        "title",
        "revision",
        "revised_on",
        "owner",
        "alert_procedure",
        "assembly_point",
        "drill_interval_months",
        "notes",
    }
)
PROCEDURE_FIELDS = frozenset({"phenomenon", "scenario", "steps", "order"})
CONTACT_FIELDS = frozenset({"category", "name", "organisation", "phone", "alternate_phone", "notes", "order"})
RESOURCE_FIELDS = frozenset({"kind", "description", "location", "quantity"})
DRILL_FIELDS = frozenset(
    {"held_on", "procedure", "scenario", "participants", "external_services", "duration_minutes", "findings"}
)


def _check(fields: dict[str, Any], allowed: frozenset[str], name: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{name}() got {', '.join(sorted(unknown))}")


# --- Dangerous phenomena -------------------------------------------------------------------------


def _validate(phenomenon: DangerousPhenomenon, matrix: Any) -> None:
    errors: dict[str, str] = {}
    limits = {
        "probability": matrix.rows,
        "residual_probability": matrix.rows,
        "gravity": matrix.cols,
        "residual_gravity": matrix.cols,
    }
    for name, top in limits.items():
        value = getattr(phenomenon, name)
        if value and value > top:
            errors[name] = _("At most %(max)s on the active matrix.") % {"max": top}
    if (
        phenomenon.residual_probability
        and phenomenon.probability
        and phenomenon.residual_probability > phenomenon.probability
    ):
        errors["residual_probability"] = _("Measures cannot raise the probability: at most %(max)s.") % {
            "max": phenomenon.probability
        }
    if (
        phenomenon.residual_gravity
        and phenomenon.gravity
        and phenomenon.residual_gravity > phenomenon.gravity
    ):
        errors["residual_gravity"] = _("Measures cannot raise the gravity: at most %(max)s.") % {
            "max": phenomenon.gravity
        }
    if errors:
        raise ValidationError(errors)


def _apply_rating(phenomenon: DangerousPhenomenon, matrix: Any) -> None:
    before = rating.rate(phenomenon.probability, phenomenon.gravity, matrix=matrix)
    after = rating.rate(phenomenon.residual_probability, phenomenon.residual_gravity, matrix=matrix)
    phenomenon.score, phenomenon.level, phenomenon.colour = before.score, before.level_name, before.colour
    phenomenon.residual_score = after.score
    phenomenon.residual_level = after.level_name
    phenomenon.residual_colour = after.colour
    phenomenon.is_significant = after.is_significant


@transaction.atomic
def phenomenon_create(*, user: Any, site: Any, title: str, **fields: Any) -> DangerousPhenomenon:
    """Record a dangerous phenomenon, rated on the active "industrial" matrix; without residual
    ratings, the residual rating is the initial one (no measure credited yet)."""
    _check(fields, PHENOMENON_FIELDS, "phenomenon_create")
    require(user, Operation.CREATE, DangerousPhenomenon, site_id=site.pk if site is not None else None)
    fields.setdefault("residual_probability", fields.get("probability"))
    fields.setdefault("residual_gravity", fields.get("gravity"))
    phenomenon = DangerousPhenomenon(site=site, title=(title or "").strip(), created_by=user, **fields)
    matrix = rating.active_matrix()
    phenomenon.full_clean(exclude=["reference"])
    _validate(phenomenon, matrix)
    _apply_rating(phenomenon, matrix)
    phenomenon.reference = next_reference("PHD", timezone.localdate().year)
    phenomenon.save()
    event_record(actor=user, target=phenomenon, verb=gettext_noop("Dangerous phenomenon recorded"))
    return phenomenon


@transaction.atomic
def phenomenon_update(*, user: Any, phenomenon: DangerousPhenomenon, **fields: Any) -> DangerousPhenomenon:
    _check(fields, PHENOMENON_FIELDS, "phenomenon_update")
    require(user, Operation.EDIT, phenomenon)
    for name, value in fields.items():
        setattr(phenomenon, name, value)
    matrix = rating.active_matrix()
    phenomenon.full_clean()
    _validate(phenomenon, matrix)
    _apply_rating(phenomenon, matrix)
    phenomenon.save()
    require(user, Operation.EDIT, phenomenon)
    return phenomenon


@transaction.atomic
def phenomenon_delete(*, user: Any, phenomenon: DangerousPhenomenon) -> None:
    require(user, Operation.DELETE, phenomenon)
    phenomenon.delete()


@transaction.atomic
def phenomena_rescore(matrix_id: int) -> int:
    """Rescore every phenomenon on the active "industrial" matrix (saved or activated)."""
    matrix = rating.active_matrix()
    phenomena = list(DangerousPhenomenon.objects.all())
    for phenomenon in phenomena:
        phenomenon.probability = min(phenomenon.probability, matrix.rows)
        phenomenon.residual_probability = min(phenomenon.residual_probability, matrix.rows)
        phenomenon.gravity = min(phenomenon.gravity, matrix.cols)
        phenomenon.residual_gravity = min(phenomenon.residual_gravity, matrix.cols)
        _apply_rating(phenomenon, matrix)
    DangerousPhenomenon.objects.bulk_update(
        phenomena,
        [
            "probability",
            "gravity",
            "residual_probability",
            "residual_gravity",
            "score",
            "level",
            "colour",
            "residual_score",
            "residual_level",
            "residual_colour",
            "is_significant",
        ],
        batch_size=1000,
    )
    return len(phenomena)


def phenomenon_reduction(phenomenon: DangerousPhenomenon) -> calculations.Reduction:
    roles = [m.role for m in phenomenon.measures.all() if m.status == MeasureStatus.EXISTING]
    return calculations.measure_reduction(
        probability=phenomenon.probability,
        gravity=phenomenon.gravity,
        residual_probability=phenomenon.residual_probability,
        residual_gravity=phenomenon.residual_gravity,
        existing_roles=roles,
    )


# --- Measures ------------------------------------------------------------------------------------


@transaction.atomic
def measure_create(*, user: Any, phenomenon: DangerousPhenomenon, **fields: Any) -> SafetyMeasure:
    _check(fields, MEASURE_FIELDS, "measure_create")
    require(user, Operation.EDIT, phenomenon)
    measure = SafetyMeasure(phenomenon=phenomenon, **fields)
    measure.description = (measure.description or "").strip()
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_update(*, user: Any, measure: SafetyMeasure, **fields: Any) -> SafetyMeasure:
    _check(fields, MEASURE_FIELDS, "measure_update")
    require(user, Operation.EDIT, measure.phenomenon)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_delete(*, user: Any, measure: SafetyMeasure) -> None:
    require(user, Operation.EDIT, measure.phenomenon)
    measure.delete()


@transaction.atomic
def measure_to_action(
    *, user: Any, measure: SafetyMeasure, owner: Any, due_on: date, efficacy_criterion: str = ""
) -> Any:
    """Raise the action that puts a planned measure in place (a preventive action, its origin the
    measure); the measure becomes existing when the action is done — recorded by editing it."""
    if measure.action_id:
        raise ValidationError(_("This measure is already carried by an action."))
    phenomenon = measure.phenomenon
    require(user, Operation.EDIT, phenomenon)
    action = action_services.action_create(
        user=user,
        title=measure.description[:255],
        owner=owner,
        due_on=due_on,
        type=ActionType.PREVENTIVE,
        origin=measure,
        site=phenomenon.site,
        description=_("Industrial risk – %(phenomenon)s (%(installation)s): %(role)s")
        % {
            "phenomenon": phenomenon.title,
            "installation": phenomenon.installation,
            "role": measure.get_role_display(),
        },
        efficacy_criterion=efficacy_criterion,
    )
    measure.action = action
    measure.save(update_fields=["action", "updated_at"])
    return action


# --- Emergency plan ------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: Any, site: Any, **fields: Any) -> EmergencyPlan:
    _check(fields, PLAN_FIELDS, "plan_create")
    require(user, Operation.CREATE, EmergencyPlan, site_id=site.pk if site is not None else None)
    plan = EmergencyPlan(site=site, **fields)
    plan.full_clean()
    plan.save()
    event_record(actor=user, target=plan, verb=gettext_noop("Emergency plan created"))
    return plan


@transaction.atomic
def plan_update(*, user: Any, plan: EmergencyPlan, **fields: Any) -> EmergencyPlan:
    _check(fields, PLAN_FIELDS, "plan_update")
    require(user, Operation.EDIT, plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


def _part_create(
    user: Any, plan: EmergencyPlan, model: Any, allowed: frozenset[str], fields: dict[str, Any]
) -> Any:
    _check(fields, allowed, f"{model.__name__.lower()}_create")
    require(user, Operation.EDIT, plan)
    part = model(plan=plan, **fields)
    part.full_clean()
    part.save()
    return part


@transaction.atomic
def procedure_create(*, user: Any, plan: EmergencyPlan, **fields: Any) -> EmergencyProcedure:
    phenomenon = fields.get("phenomenon")
    if phenomenon is not None and phenomenon.site_id != plan.site_id:
        raise ValidationError({"phenomenon": _("Choose a phenomenon of the plan's site.")})
    return _part_create(user, plan, EmergencyProcedure, PROCEDURE_FIELDS, fields)


@transaction.atomic
def contact_create(*, user: Any, plan: EmergencyPlan, **fields: Any) -> EmergencyContact:
    return _part_create(user, plan, EmergencyContact, CONTACT_FIELDS, fields)


@transaction.atomic
def resource_create(*, user: Any, plan: EmergencyPlan, **fields: Any) -> EmergencyResource:
    return _part_create(user, plan, EmergencyResource, RESOURCE_FIELDS, fields)


@transaction.atomic
def part_delete(*, user: Any, part: EmergencyProcedure | EmergencyContact | EmergencyResource) -> None:
    require(user, Operation.EDIT, part.plan)
    part.delete()


# --- Drills --------------------------------------------------------------------------------------


@transaction.atomic
def drill_record(*, user: Any, plan: EmergencyPlan, **fields: Any) -> Drill:
    """Log a drill of ``plan`` (numbered ``EXE-<year>-<nnnn>``)."""
    _check(fields, DRILL_FIELDS, "drill_record")
    require(user, Operation.CREATE, Drill, site_id=plan.site_id)
    procedure = fields.get("procedure")
    if procedure is not None:
        if procedure.plan_id != plan.pk:
            raise ValidationError({"procedure": _("Choose a scenario of this plan.")})
        if not (fields.get("scenario") or "").strip():
            fields["scenario"] = procedure.scenario
    drill = Drill(plan=plan, created_by=user, **fields)
    drill.full_clean(exclude=["reference"])
    drill.reference = next_reference("EXE", drill.held_on.year)
    drill.save()
    event_record(actor=user, target=plan, verb=gettext_noop("Drill logged"), detail=str(drill)[:255])
    return drill


@transaction.atomic
def drill_to_action(*, user: Any, drill: Drill, title: str, owner: Any, due_on: date) -> Any:
    """An action raised from a finding of the drill (a corrective action, its origin the drill)."""
    require(user, Operation.VIEW, drill)
    return action_services.action_create(
        user=user,
        title=title,
        owner=owner,
        due_on=due_on,
        type=ActionType.CORRECTIVE,
        origin=drill,
        site=drill.plan.site,
        description=_("Finding of the drill %(reference)s (%(scenario)s) held on %(day)s")
        % {
            "reference": drill.reference,
            "scenario": drill.scenario,
            "day": drill.held_on.strftime("%d/%m/%Y"),
        },
    )

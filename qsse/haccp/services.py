"""Every write of the HACCP module: plans (team, product), flow diagram steps, hazard analysis,
decision tree answers, CCP/OPRP definitions and monitoring records (an out-of-limit record opens a
non-conformity and, on request, a corrective action)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from qsse.actions import services as action_services
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record
from qsse.nonconformities import services as nonconformity_services

from . import rating
from .calculations import answers_on_path, decide, is_within_limits
from .choices import REFERENCE_PREFIX, ControlKind, HazardOutcome, PlanStatus
from .decision_trees import tree_for
from .models import ControlPoint, HaccpPlan, Hazard, MonitoringRecord, ProcessStep

PLAN_FIELDS = frozenset(
    {
        "title",
        "scope",
        "site",
        "leader",
        "product_name",
        "composition",
        "characteristics",
        "treatments",
        "packaging",
        "storage",
        "shelf_life",
        "distribution",
        "allergens",
        "intended_use",
        "tree_version",
        "validated_on",
        "verification_procedure",
    }
)
STEP_FIELDS = frozenset({"name", "kind", "description", "number"})
HAZARD_FIELDS = frozenset({"category", "description", "source", "likelihood", "severity", "control_measures"})
CONTROL_FIELDS = frozenset(
    {
        "code",
        "limit_min",
        "limit_max",
        "unit",
        "limit_text",
        "limit_source",
        "monitoring_what",
        "monitoring_how",
        "monitoring_frequency",
        "monitoring_who",
        "corrective_actions",
        "verification",
        "records",
    }
)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def ensure_editable(plan: HaccpPlan) -> None:
    """Refuse any change to a plan that is not a draft, with the reason and the way out."""
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(
            _(
                "This HACCP plan is approved and frozen: create a new revision to change its steps, "
                "hazards or control points."
            ),
            code="approved",
        )
    if plan.status == PlanStatus.SUPERSEDED:
        raise ValidationError(
            _("This revision of the HACCP plan has been superseded: it is kept read-only."),
            code="superseded",
        )
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("This HACCP plan is archived: it can no longer change."), code="archived")


def ensure_accepts_records(plan: HaccpPlan) -> None:
    """Monitoring and verification results go to a draft or to the approved plan in force."""
    if not plan.accepts_records:
        raise ValidationError(
            _(
                "This revision of the HACCP plan is no longer in force: record the results on the "
                "current revision."
            ),
            code="not_in_force",
        )


# --- Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, user: Any, title: str, site: Any, team: list[Any] | None = None, **fields: Any
) -> HaccpPlan:
    """Create a HACCP plan numbered ``HACCP-<year>-<nnnn>`` (Codex step 1: team and scope)."""
    _check_fields(fields, PLAN_FIELDS)
    require(user, Operation.CREATE, HaccpPlan, site_id=getattr(site, "pk", None))
    plan = HaccpPlan(title=title, site=site, created_by=user, **fields)
    if plan.leader_id is None and "leader" not in fields:
        plan.leader = user_person(user)
    plan.full_clean(exclude={"reference"})
    plan.reference = next_reference(REFERENCE_PREFIX, timezone.localdate().year)
    plan.save()
    if team:
        plan.team.set(team)
    event_record(actor=user, target=plan, verb=gettext_noop("HACCP plan created"), detail=title)
    return plan


@transaction.atomic
def plan_update(*, user: Any, plan: HaccpPlan, team: list[Any] | None = None, **fields: Any) -> HaccpPlan:
    _check_fields(fields, PLAN_FIELDS)
    require(user, Operation.EDIT, plan)
    ensure_editable(plan)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != plan.site_id:
        require(user, Operation.CREATE, HaccpPlan, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    if team is not None:
        plan.team.set(team)
    return plan


@transaction.atomic
def plan_approve(*, user: Any, plan: HaccpPlan, on: date | None = None) -> HaccpPlan:
    """Approve a draft plan: it becomes the version in force and is frozen; the revision it replaces
    becomes *superseded* (read-only)."""
    require(user, Operation.CLOSE, plan)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(_("This HACCP plan is already approved."), code="already_approved")
    ensure_editable(plan)
    plan.status = PlanStatus.APPROVED
    plan.approved_on = on or timezone.localdate()
    plan.approved_by = user
    plan.save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
    event_record(
        actor=user, target=plan, verb=gettext_noop("HACCP plan approved"), detail=_revision_label(plan)
    )
    previous = plan.previous_revision
    if previous is not None and previous.status == PlanStatus.APPROVED:
        previous.status = PlanStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        event_record(
            actor=user,
            target=previous,
            verb=gettext_noop("HACCP plan superseded"),
            detail=_revision_label(plan),
        )
    return plan


def _revision_label(plan: HaccpPlan) -> str:
    return f"{plan.reference} rev. {plan.revision}"


def _copy(instance: Any, **changes: Any) -> Any:
    """An unsaved copy of ``instance`` (same field values, no primary key) with ``changes`` applied."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


@transaction.atomic
def plan_new_revision(*, user: Any, plan: HaccpPlan) -> HaccpPlan:
    """Start revision n + 1 of an approved plan: a draft copy of the plan, its team, steps, hazards
    (with their decision tree answers) and control points. The approved revision stays in force and
    read-only until the new one is approved, then it is marked superseded. Monitoring and verification
    records stay with the revision they were made on. Hazards keep the date they were identified."""
    require(user, Operation.EDIT, plan)
    plan = HaccpPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(
            _("Only an approved HACCP plan gets a new revision: a draft can be edited directly."),
            code="not_approved",
        )
    if HaccpPlan.objects.filter(previous_revision=plan).exists():
        raise ValidationError(
            _("A new revision of this HACCP plan already exists: change that one."), code="revision_exists"
        )
    now = timezone.now()
    copy = _copy(
        plan,
        revision=plan.revision + 1,
        previous_revision_id=plan.pk,
        status=PlanStatus.DRAFT,
        approved_on=None,
        approved_by_id=None,
        created_by_id=user.pk,
        created_at=now,
        updated_at=now,
    )
    copy.full_clean()
    copy.save()
    copy.team.set(plan.team.all())
    for step in plan.steps.prefetch_related("hazards__control_point"):
        step_copy = _copy(step, plan_id=copy.pk)
        step_copy.save()
        for hazard in step.hazards.all():
            hazard_copy = _copy(hazard, step_id=step_copy.pk)
            hazard_copy.save()
            # auto_now_add overwrote it: the hazard was identified when the original was.
            Hazard.objects.filter(pk=hazard_copy.pk).update(created_at=hazard.created_at)
            if _has_control_point(hazard):
                _copy(hazard.control_point, hazard_id=hazard_copy.pk).save()
    event_record(
        actor=user,
        target=copy,
        verb=gettext_noop("New revision of the HACCP plan"),
        detail=_revision_label(copy),
    )
    event_record(
        actor=user,
        target=plan,
        verb=gettext_noop("New revision of the HACCP plan"),
        detail=_revision_label(copy),
    )
    return copy


def _has_control_point(hazard: Hazard) -> bool:
    try:
        return hazard.control_point is not None
    except ControlPoint.DoesNotExist:
        return False


# --- Flow diagram ----------------------------------------------------------------------------------


@transaction.atomic
def step_add(
    *, user: Any, plan: HaccpPlan, name: str, number: int | None = None, **fields: Any
) -> ProcessStep:
    """Add a step to the flow diagram (Codex step 4); numbered after the last one by default."""
    _check_fields(fields, STEP_FIELDS - {"number", "name"})
    require(user, Operation.EDIT, plan)
    ensure_editable(plan)
    if number is None:
        last = plan.steps.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    step = ProcessStep(plan=plan, name=name, number=number, **fields)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_update(*, user: Any, step: ProcessStep, **fields: Any) -> ProcessStep:
    _check_fields(fields, STEP_FIELDS)
    require(user, Operation.EDIT, step.plan)
    ensure_editable(step.plan)
    for name, value in fields.items():
        setattr(step, name, value)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_verify(*, user: Any, step: ProcessStep, verified_on: date, verified_by: Any = None) -> ProcessStep:
    """Record the on-site confirmation of the step (Codex step 5)."""
    require(user, Operation.EDIT, step.plan)
    ensure_editable(step.plan)
    if verified_on > timezone.localdate():
        raise ValidationError({"verified_on": _("The verification date cannot be in the future.")})
    step.verified_on = verified_on
    step.verified_by = verified_by or user_person(user)
    step.full_clean()
    step.save(update_fields=["verified_on", "verified_by", "updated_at"])
    return step


@transaction.atomic
def step_delete(*, user: Any, step: ProcessStep) -> None:
    """Delete a step of a draft plan; refused while it holds hazards (and so any CCP or OPRP)."""
    require(user, Operation.EDIT, step.plan)
    ensure_editable(step.plan)
    hazards = step.hazards.count()
    if hazards:
        controls = list(ControlPoint.objects.filter(hazard__step=step).values_list("code", flat=True))
        if controls:
            raise ValidationError(
                _("The step “%(step)s” holds the control points %(codes)s: delete or move its hazards first.")
                % {"step": step.name, "codes": ", ".join(controls)},
                code="has_hazards",
            )
        raise ValidationError(
            ngettext(
                "The step “%(step)s” holds %(count)s hazard: delete or move it first.",
                "The step “%(step)s” holds %(count)s hazards: delete or move them first.",
                hazards,
            )
            % {"step": step.name, "count": hazards},
            code="has_hazards",
        )
    plan = step.plan
    label = str(step)
    step.delete()
    event_record(actor=user, target=plan, verb=gettext_noop("Step deleted"), detail=label)


# --- Hazard analysis -------------------------------------------------------------------------------


def _apply_rating(hazard: Hazard) -> None:
    result = rating.rate(hazard.likelihood, hazard.severity)
    hazard.score = result.score
    hazard.level_name = str(result.level_name or "")[:60]
    hazard.level_colour = result.colour or ""
    hazard.level_text_colour = result.text_colour or ""
    was_significant = hazard.is_significant
    hazard.is_significant = bool(result.is_significant)
    if not hazard.is_significant:
        hazard.outcome = HazardOutcome.NOT_SIGNIFICANT
    elif not was_significant or hazard.outcome == HazardOutcome.NOT_SIGNIFICANT:
        _apply_tree(hazard)


def _apply_tree(hazard: Hazard) -> None:
    tree = tree_for(hazard.step.plan.tree_version)
    decision = decide(tree, hazard.tree_answers or {})
    if decision.outcome is None:
        if hazard.outcome != HazardOutcome.OPRP:
            hazard.outcome = HazardOutcome.PENDING
    elif not (hazard.outcome == HazardOutcome.OPRP and decision.outcome != HazardOutcome.CCP):
        hazard.outcome = decision.outcome


def _validate_scale(hazard: Hazard) -> None:
    rows, cols = rating.scale_max()
    errors = {}
    if not 1 <= (hazard.likelihood or 0) <= rows:
        errors["likelihood"] = _("Give a likelihood between 1 and %(max)s.") % {"max": rows}
    if not 1 <= (hazard.severity or 0) <= cols:
        errors["severity"] = _("Give a severity between 1 and %(max)s.") % {"max": cols}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def hazard_add(
    *,
    user: Any,
    step: ProcessStep,
    category: str,
    description: str,
    likelihood: int,
    severity: int,
    **fields: Any,
) -> Hazard:
    """Add a hazard to a step (principle 1), rated on the "haccp" matrix: score and significance."""
    _check_fields(fields, HAZARD_FIELDS)
    require(user, Operation.EDIT, step.plan)
    ensure_editable(step.plan)
    hazard = Hazard(
        step=step,
        category=category,
        description=description,
        likelihood=likelihood,
        severity=severity,
        **fields,
    )
    _validate_scale(hazard)
    _apply_rating(hazard)
    hazard.full_clean()
    hazard.save()
    event_record(actor=user, target=step.plan, verb=gettext_noop("Hazard added"), detail=str(hazard))
    return hazard


@transaction.atomic
def hazard_update(*, user: Any, hazard: Hazard, step: ProcessStep | None = None, **fields: Any) -> Hazard:
    """Change a hazard of a draft plan (or move it to another step of the same plan); rescored."""
    _check_fields(fields, HAZARD_FIELDS)
    require(user, Operation.EDIT, hazard.step.plan)
    ensure_editable(hazard.step.plan)
    if step is not None and step.pk != hazard.step_id:
        if step.plan_id != hazard.step.plan_id:
            raise ValidationError({"step": _("Choose a step of the same HACCP plan.")})
        hazard.step = step
    for name, value in fields.items():
        setattr(hazard, name, value)
    _validate_scale(hazard)
    _apply_rating(hazard)
    hazard.full_clean()
    hazard.save()
    event_record(actor=user, target=hazard.step.plan, verb=gettext_noop("Hazard changed"), detail=str(hazard))
    return hazard


@transaction.atomic
def hazard_delete(*, user: Any, hazard: Hazard) -> None:
    """Delete a hazard of a draft plan with its control point; refused when the control point holds
    monitoring records (they are evidence of the plan's application)."""
    plan = hazard.step.plan
    require(user, Operation.EDIT, plan)
    ensure_editable(plan)
    control = ControlPoint.objects.filter(hazard=hazard).first()
    if control is not None and control.monitoring_records.exists():
        raise ValidationError(
            _(
                "The hazard “%(hazard)s” cannot be deleted: its control point %(code)s holds monitoring "
                "records."
            )
            % {"hazard": hazard.description, "code": control.code},
            code="has_records",
        )
    label = str(hazard)
    hazard.delete()
    event_record(actor=user, target=plan, verb=gettext_noop("Hazard deleted"), detail=label)


@transaction.atomic
def hazard_answer(*, user: Any, hazard: Hazard, question: str, answer: bool) -> Hazard:
    """Answer one question of the plan's decision tree for a significant hazard.

    Answers that fall off the new path are dropped; once the tree reaches an outcome the hazard takes
    it (CCP, not a CCP, PRP or "modify the process").
    """
    require(user, Operation.EDIT, hazard.step.plan)
    ensure_editable(hazard.step.plan)
    if not hazard.is_significant:
        raise ValidationError(
            _("Only a significant hazard goes through the decision tree."), code="not_significant"
        )
    tree = tree_for(hazard.step.plan.tree_version)
    try:
        tree.question(question)
    except KeyError as error:
        raise ValidationError(_("Unknown question of the decision tree."), code="unknown_question") from error
    answers = dict(hazard.tree_answers or {})
    path_keys = [key for key, _value in decide(tree, answers).path]
    if question in path_keys:  # changing an answer: the later ones no longer apply
        answers = {key: answers[key] for key in path_keys[: path_keys.index(question)]}
    answers[question] = bool(answer)
    hazard.tree_answers = answers_on_path(tree, answers)
    if hazard.outcome == HazardOutcome.OPRP:
        hazard.outcome = HazardOutcome.PENDING
    _apply_tree(hazard)
    hazard.save(update_fields=["tree_answers", "outcome", "updated_at"])
    decision = decide(tree, hazard.tree_answers)
    if decision.outcome is not None:
        event_record(
            actor=user,
            target=hazard.step.plan,
            verb=gettext_noop("Decision tree answered"),
            detail=f"{hazard} → {hazard.get_outcome_display()}",
        )
    return hazard


@transaction.atomic
def hazard_tree_reset(*, user: Any, hazard: Hazard) -> Hazard:
    require(user, Operation.EDIT, hazard.step.plan)
    ensure_editable(hazard.step.plan)
    hazard.tree_answers = {}
    if hazard.is_significant:
        hazard.outcome = HazardOutcome.PENDING
    hazard.save(update_fields=["tree_answers", "outcome", "updated_at"])
    return hazard


@transaction.atomic
def hazard_classify_oprp(*, user: Any, hazard: Hazard, justification: str) -> Hazard:
    """Classify as an OPRP (ISO 22000:2018 §8.5.2.4) a significant hazard the tree did not make a CCP."""
    require(user, Operation.EDIT, hazard.step.plan)
    ensure_editable(hazard.step.plan)
    if not hazard.is_significant:
        raise ValidationError(
            _("Only a significant hazard can be managed by an OPRP."), code="not_significant"
        )
    if hazard.outcome == HazardOutcome.CCP:
        raise ValidationError(_("The decision tree made this hazard a CCP."), code="is_ccp")
    if not justification.strip():
        raise ValidationError({"justification": _("Explain why an OPRP is the right control.")})
    hazard.outcome = HazardOutcome.OPRP
    hazard.justification = justification.strip()
    hazard.save(update_fields=["outcome", "justification", "updated_at"])
    return hazard


def hazards_rescore(matrix_id: int | None = None) -> int:
    """Rescore every hazard after the "haccp" matrix changed (the matrix listener); returns the count."""
    count = 0
    for hazard in Hazard.objects.select_related("step__plan"):
        _apply_rating(hazard)
        hazard.save(
            update_fields=[
                "score",
                "level_name",
                "level_colour",
                "level_text_colour",
                "is_significant",
                "outcome",
            ]
        )
        count += 1
    return count


# --- CCPs and OPRPs ----------------------------------------------------------------------------------


@transaction.atomic
def control_point_define(*, user: Any, hazard: Hazard, **fields: Any) -> ControlPoint:
    """Create or update the CCP (critical limits) or OPRP (action criteria) of a hazard decided so."""
    _check_fields(fields, CONTROL_FIELDS)
    plan = hazard.step.plan
    require(user, Operation.EDIT, plan)
    ensure_editable(plan)
    if hazard.outcome not in (HazardOutcome.CCP, HazardOutcome.OPRP):
        raise ValidationError(
            _("Only a hazard decided as a CCP or an OPRP gets critical limits."), code="not_control_point"
        )
    kind = ControlKind.CCP if hazard.outcome == HazardOutcome.CCP else ControlKind.OPRP
    control = ControlPoint.objects.filter(hazard=hazard).first()
    created = control is None
    if created:
        control = ControlPoint(hazard=hazard)
        if not fields.get("code"):
            existing = ControlPoint.objects.filter(hazard__step__plan=plan, kind=kind).count()
            fields["code"] = f"{'CCP' if kind == ControlKind.CCP else 'OPRP'} {existing + 1}"
    control.kind = kind
    for name, value in fields.items():
        setattr(control, name, value)
    control.full_clean()
    control.save()
    if created:
        event_record(actor=user, target=plan, verb=gettext_noop("Control point defined"), detail=str(control))
    return control


@transaction.atomic
def monitoring_record_add(
    *,
    user: Any,
    control_point: ControlPoint,
    measured_at: datetime,
    value: Decimal | None = None,
    observation: str = "",
    measured_by: Any = None,
    action_owner: Any = None,
    action_due_on: date | None = None,
) -> MonitoringRecord:
    """Record a monitoring result (principle 4). Out of limits, a non-conformity is opened with the
    CCP's corrective actions as containment and, when ``action_owner`` is given, a corrective action
    is raised from it."""
    plan = control_point.hazard.step.plan
    require(user, Operation.EDIT, plan)
    ensure_accepts_records(plan)
    if measured_at > timezone.now():
        raise ValidationError({"measured_at": _("The measurement time cannot be in the future.")})
    has_numeric = control_point.limit_min is not None or control_point.limit_max is not None
    if value is None and has_numeric:
        raise ValidationError({"value": _("Give the measured value.")})
    record = MonitoringRecord(
        control_point=control_point,
        value=value,
        observation=observation,
        measured_at=measured_at,
        measured_by=measured_by or user_person(user),
        created_by=user,
        is_within_limits=is_within_limits(value, control_point.limit_min, control_point.limit_max),
    )
    record.full_clean()
    record.save()
    if not record.is_within_limits:
        record.nonconformity = _open_nonconformity(user=user, record=record)
        record.save(update_fields=["nonconformity"])
        if action_owner is not None:
            action_services.action_create(
                user=user,
                title=_("Correct the deviation at %(code)s") % {"code": control_point.code},
                owner=action_owner,
                due_on=action_due_on or timezone.localdate(),
                origin=record.nonconformity,
                description=control_point.corrective_actions,
            )
    return record


def _open_nonconformity(*, user: Any, record: MonitoringRecord) -> Any:
    control = record.control_point
    plan = control.hazard.step.plan
    limit = control.limit_text or _("between %(min)s and %(max)s %(unit)s") % {
        "min": control.limit_min if control.limit_min is not None else "–",
        "max": control.limit_max if control.limit_max is not None else "–",
        "unit": control.unit,
    }
    return nonconformity_services.nonconformity_create(
        user=user,
        kind="nonconformity",
        title=_("%(code)s out of limits: %(value)s %(unit)s (%(step)s)")
        % {
            "code": control.code,
            "value": record.value,
            "unit": control.unit,
            "step": control.hazard.step.name,
        },
        site=plan.site,
        detected_on=timezone.localtime(record.measured_at).date(),
        category="product",
        severity=2,
        product=plan.product_name[:200],
        description_what=_(
            "Monitoring of %(code)s (%(plan)s): %(value)s %(unit)s; critical limit: %(limit)s."
        )
        % {
            "code": control.code,
            "plan": plan.reference,
            "value": record.value,
            "unit": control.unit,
            "limit": limit,
        },
        containment=control.corrective_actions,
    )

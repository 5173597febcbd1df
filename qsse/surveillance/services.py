"""Every write of the surveillance plan: plans, control points and their results, reminders.

Recording a result out of limits opens a non-conformity (through the NC module's services) in the
same transaction: either everything is written, or nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.context import selectors as context_selectors
from qsse.core.choices import Operation
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record, notification_send
from qsse.nonconformities import services as nonconformity_services
from qsse.nonconformities.choices import Category, NonconformityKind, Origin

from . import calculations, sources
from .choices import DUE_SOON_DAYS, LimitKind, PlanStatus
from .models import ControlPoint, ControlResult, SurveillancePlan

MATRIX_USAGE = "surveillance"

PLAN_FIELDS = frozenset({"title", "description", "site", "process", "owner", "status"})
CONTROL_POINT_FIELDS = frozenset(
    {
        "reference",
        "what",
        "method",
        "interval_unit",
        "interval_count",
        "responsible",
        "limit_kind",
        "minimum",
        "maximum",
        "unit",
        "expected_answer",
        "record_to_keep",
        "next_due_on",
        "is_active",
        "residual_frequency",
        "residual_gravity",
    }
)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


# --- Plans -------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: Any, title: str, owner: Any, **fields: Any) -> SurveillancePlan:
    """Create a surveillance plan (in force unless another status is given)."""
    _check_fields(fields, PLAN_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, SurveillancePlan, site_id=getattr(site, "pk", None))
    plan = SurveillancePlan(title=title, owner=owner, created_by=user, **fields)
    plan.full_clean()
    plan.save()
    event_record(actor=user, target=plan, verb=gettext_noop("Surveillance plan created"), detail=title)
    return plan


@transaction.atomic
def plan_update(*, user: Any, plan: SurveillancePlan, **fields: Any) -> SurveillancePlan:
    _check_fields(fields, PLAN_FIELDS)
    require(user, Operation.EDIT, plan)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != plan.site_id:
        require(user, Operation.CREATE, SurveillancePlan, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


# --- Control points ----------------------------------------------------------------------------


def _apply_residual(point: ControlPoint, matrix: Any = None) -> None:
    """Store the residual score and level on the organisation's "surveillance" matrix (denormalised
    for sorting); without an active matrix the score is frequency × gravity and the level is empty."""
    if point.residual_frequency is None or point.residual_gravity is None:
        point.residual_score = None
        point.residual_level = ""
        point.residual_colour = ""
        return
    rating = context_selectors.rate(
        MATRIX_USAGE, point.residual_frequency, point.residual_gravity, matrix=matrix
    )
    if rating is None:
        point.residual_score = point.residual_frequency * point.residual_gravity
        point.residual_level = ""
        point.residual_colour = ""
        return
    point.residual_score = rating.score
    point.residual_level = rating.level_name[:60]
    point.residual_colour = rating.colour[:7]


def _apply_risk(point: ControlPoint, risk: Model | None) -> None:
    """Link the risk watched and store the snapshot of how it reads now."""
    if risk is None:
        point.risk_content_type = None
        point.risk_object_id = None
        point.risk_label = ""
        point.risk_score = None
        point.risk_level = ""
        point.risk_colour = ""
        point.risk_severity = 0
        return
    if sources.risk_model_for(risk) is None:
        raise ValidationError({"risk": _("This kind of record cannot be watched by a surveillance plan.")})
    snapshot = sources.describe(risk)
    point.risk_content_type = ContentType.objects.get_for_model(risk)
    point.risk_object_id = risk.pk
    point.risk_label = snapshot.label[:300]
    point.risk_score = snapshot.score
    point.risk_level = snapshot.level_name[:60]
    point.risk_colour = snapshot.colour[:7]
    point.risk_severity = snapshot.severity


def _check_risk_visible(user: Any, risk: Model | None) -> None:
    if risk is not None and not sources.visible_risks(user, type(risk)).filter(pk=risk.pk).exists():
        raise ValidationError({"risk": _("This risk does not exist or is outside your sites.")})


@transaction.atomic
def control_point_create(
    *,
    user: Any,
    plan: SurveillancePlan,
    reference: str,
    what: str,
    method: str,
    responsible: Any,
    next_due_on: date,
    risk: Model | None = None,
    **fields: Any,
) -> ControlPoint:
    """Add a control to a plan; ``next_due_on`` is the date of its first control."""
    _check_fields(fields, CONTROL_POINT_FIELDS)
    require(user, Operation.EDIT, plan)
    _check_risk_visible(user, risk)
    point = ControlPoint(
        plan=plan,
        reference=reference,
        what=what,
        method=method,
        responsible=responsible,
        next_due_on=next_due_on,
        **fields,
    )
    _apply_risk(point, risk)
    point.full_clean()
    _apply_residual(point)
    point.save()
    event_record(actor=user, target=point, verb=gettext_noop("Control point created"), detail=str(point))
    return point


@transaction.atomic
def control_point_update(
    *, user: Any, control_point: ControlPoint, risk: Model | None | str = "unchanged", **fields: Any
) -> ControlPoint:
    """Change a control point; ``risk`` relinks (and re-snapshots) the risk watched when given."""
    _check_fields(fields, CONTROL_POINT_FIELDS)
    require(user, Operation.EDIT, control_point)
    for name, value in fields.items():
        setattr(control_point, name, value)
    if risk != "unchanged":
        _check_risk_visible(user, risk)  # type: ignore[arg-type]
        _apply_risk(control_point, risk)  # type: ignore[arg-type]
    control_point.full_clean()
    _apply_residual(control_point)
    control_point.save()
    return control_point


def control_points_rescore(matrix_id: int | None = None) -> int:
    """Recompute the residual levels of every rated control point (the matrix changed)."""
    matrix = context_selectors.active_matrix(MATRIX_USAGE)
    points = list(ControlPoint.objects.filter(residual_frequency__isnull=False))
    for point in points:
        _apply_residual(point, matrix)
    ControlPoint.objects.bulk_update(points, ["residual_score", "residual_level", "residual_colour"])
    return len(points)


@transaction.atomic
def control_point_refresh_risk(*, user: Any, control_point: ControlPoint) -> ControlPoint:
    """Take a new snapshot of the risk watched (its score or title changed)."""
    require(user, Operation.EDIT, control_point)
    risk = control_point.risk
    if risk is not None:
        _apply_risk(control_point, risk)
        control_point.save()
    return control_point


# --- Results -----------------------------------------------------------------------------------


def _format_value(point: ControlPoint, value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return f"{text} {point.unit}".strip()


def _limits_text(point: ControlPoint) -> str:
    if point.limit_kind == LimitKind.ATTRIBUTE:
        return point.expected_answer
    low = "—" if point.minimum is None else _format_value(point, point.minimum)
    high = "—" if point.maximum is None else _format_value(point, point.maximum)
    return f"[{low} ; {high}]"


def _open_nonconformity(*, user: Any, point: ControlPoint, result: ControlResult) -> Any:
    plan = point.plan
    site = plan.site
    if site is None:
        raise ValidationError(
            _(
                "This result is out of limits but the plan has no site: give the plan a site so that "
                "the non-conformity can be opened."
            ),
            code="no_site",
        )
    measured = (
        _format_value(point, result.value)
        if point.limit_kind == LimitKind.NUMERIC
        else (_("not compliant") if result.is_pass is False else "")
    )
    return nonconformity_services.nonconformity_create(
        user=user,
        kind=NonconformityKind.NONCONFORMITY,
        title=(_("Out-of-limits control: %(control)s") % {"control": f"{point.reference} {point.what}"})[
            :255
        ],
        site=site,
        detected_on=result.performed_on,
        origin=Origin.INTERNAL,
        category=Category.PROCESS,
        process=plan.process,
        detected_by=result.performed_by,
        description_what=_("Result %(value)s outside the acceptance limits %(limits)s.")
        % {"value": measured, "limits": _limits_text(point)},
        description_how=_("Surveillance plan “%(plan)s”, control %(control)s: %(method)s")
        % {"plan": plan.title, "control": point.reference, "method": point.method},
        description_why=point.risk_label,
        description_when=result.comment,
    )


@transaction.atomic
def control_result_record(
    *,
    user: Any,
    control_point: ControlPoint,
    performed_on: date,
    value: Decimal | None = None,
    is_pass: bool | None = None,
    comment: str = "",
    performed_by: Any = None,
) -> ControlResult:
    """Record the result of a control: compute whether it is within limits, move the next due date
    to ``performed_on`` + the interval, and open a non-conformity when it is out of limits."""
    point = (
        ControlPoint.objects.select_for_update(of=("self",))
        .select_related("plan__site", "plan__process", "plan__owner__user")
        .get(pk=control_point.pk)
    )
    require(user, Operation.CREATE, ControlResult, site_id=point.plan.site_id)
    errors: dict[str, Any] = {}
    if performed_on > timezone.localdate():
        errors["performed_on"] = _("The control date cannot be in the future.")
    if point.limit_kind == LimitKind.NUMERIC:
        if value is None:
            errors["value"] = _("Enter the measured value.")
        within = value is not None and calculations.is_within_limits(value, point.minimum, point.maximum)
    else:
        if is_pass is None:
            errors["is_pass"] = _("Say whether the result is compliant.")
        within = bool(is_pass)
    if errors:
        raise ValidationError(errors)
    result = ControlResult(
        control_point=point,
        performed_on=performed_on,
        performed_by=performed_by or user_person(user),
        value=value if point.limit_kind == LimitKind.NUMERIC else None,
        is_pass=is_pass if point.limit_kind == LimitKind.ATTRIBUTE else None,
        comment=comment,
        is_within_limits=within,
        created_by=user,
    )
    result.full_clean(exclude={"nonconformity"})
    if not within:
        result.nonconformity = _open_nonconformity(user=user, point=point, result=result)
    result.save()
    if point.last_done_on is None or performed_on >= point.last_done_on:
        point.last_done_on = performed_on
        point.next_due_on = calculations.next_due_date(
            performed_on, point.interval_unit, point.interval_count
        )
        point.save(update_fields=["last_done_on", "next_due_on", "updated_at"])
    detail = _format_value(point, result.value) if result.value is not None else comment[:200]
    event_record(
        actor=user,
        target=point,
        verb=gettext_noop("Control result recorded")
        if within
        else gettext_noop("Control result out of limits"),
        detail=detail,
    )
    _notify_owner(user=user, point=point, result=result)
    return result


def _notify_owner(*, user: Any, point: ControlPoint, result: ControlResult) -> None:
    owner = point.plan.owner
    if owner.user is None or owner.user == user:
        return
    if result.is_within_limits:
        subject = _("Control %(control)s done") % {"control": point.reference}
    else:
        subject = _("Control %(control)s out of limits") % {"control": point.reference}
    body = str(point.what)
    if result.nonconformity is not None:
        body += " · " + _("Non-conformity %(reference)s opened") % {
            "reference": result.nonconformity.reference
        }
    notification_send(
        recipient=owner.user,
        subject=subject,
        body=body,
        url=point.get_absolute_url(),
        kind="surveillance_result",
        dedup_key=f"surveillance-result-{result.pk}",
    )


# --- Reminders ---------------------------------------------------------------------------------


def control_reminders_send(*, today: date | None = None, window_days: int = DUE_SOON_DAYS) -> int:
    """Notify the responsibles of active controls (of plans in force) due within ``window_days``
    days or overdue; once per control, kind and due date. Returns the number sent."""
    today = today or timezone.localdate()
    candidates = (
        ControlPoint.objects.filter(
            is_active=True,
            plan__status=PlanStatus.ACTIVE,
            next_due_on__lte=today + timedelta(days=window_days),
            responsible__user__isnull=False,
            responsible__user__is_active=True,
        )
        .select_related("responsible__user")
        .order_by("next_due_on", "pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for point in candidates.iterator(chunk_size=1000):
            kind = calculations.control_status(point.next_due_on, today, window_days)
            due = date_format(point.next_due_on, "SHORT_DATE_FORMAT")
            if kind == calculations.OVERDUE:
                subject = _("Overdue control: %(control)s") % {"control": point}
                body = _("This control was due on %(due)s.") % {"due": due}
            else:
                subject = _("Control due soon: %(control)s") % {"control": point}
                body = _("This control is due on %(due)s.") % {"due": due}
            notification = notification_send(
                recipient=point.responsible.user,
                subject=subject,
                body=body,
                url=point.get_absolute_url(),
                kind=f"surveillance_{kind}",
                dedup_key=f"surveillance-reminder:{point.pk}:{kind}:{point.next_due_on.isoformat()}",
            )
            sent += notification is not None
    return sent

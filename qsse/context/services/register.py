"""Writes of the register of risks and opportunities and of their treatment actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import selectors as action_selectors
from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from ..choices import (
    OPPORTUNITY_STRATEGIES,
    REFERENCE_PREFIX,
    RISK_STRATEGIES,
    RiskKind,
    RiskSource,
    RiskStatus,
)
from ..models import (
    CriticalityMatrix,
    RiskOpportunity,
)
from ._common import _check_fields
from .matrix import _score, active_matrix, matrix_levels

# Days given to a treatment action when the record has no review date.
TREATMENT_DELAY_DAYS = 60


# --- Risks and opportunities -------------------------------------------------------------------

RISK_FIELDS = frozenset(
    {
        "title",
        "description",
        "process",
        "site",
        "source",
        "source_item",
        "source_party",
        "causes",
        "consequences",
        "probability",
        "impact",
        "owner",
        "treatment_strategy",
        "status",
        "residual_probability",
        "residual_impact",
        "review_on",
    }
)


def _require_matrix() -> CriticalityMatrix:
    matrix = active_matrix()
    if matrix is None:
        raise ValidationError(
            _("No criticality matrix is active: configure and activate one before scoring risks."),
            code="no_matrix",
        )
    return matrix


def _validate_record(record: RiskOpportunity, matrix: CriticalityMatrix) -> None:
    errors: dict[str, Any] = {}
    for name, size, axis in (
        ("probability", matrix.rows, matrix.row_axis_name),
        ("impact", matrix.cols, matrix.col_axis_name),
        ("residual_probability", matrix.rows, matrix.row_axis_name),
        ("residual_impact", matrix.cols, matrix.col_axis_name),
    ):
        value = getattr(record, name)
        if value is not None and not 1 <= value <= size:
            errors[name] = _("%(axis)s goes from 1 to %(size)s on the active matrix.") % {
                "axis": axis,
                "size": size,
            }
    if (record.residual_probability is None) != (record.residual_impact is None):
        errors["residual_impact"] = _(
            "Give both the residual probability and the residual impact, or neither."
        )
    allowed = RISK_STRATEGIES if record.kind == RiskKind.RISK else OPPORTUNITY_STRATEGIES
    if record.treatment_strategy and record.treatment_strategy not in allowed:
        errors["treatment_strategy"] = _("This strategy does not apply to a %(kind)s.") % {
            "kind": record.get_kind_display().lower()
        }
    if record.source == RiskSource.SWOT_ITEM and record.source_item_id is None:
        errors["source_item"] = _("Choose the SWOT / PESTEL item this comes from.")
    if record.source == RiskSource.INTERESTED_PARTY and record.source_party_id is None:
        errors["source_party"] = _("Choose the interested party this comes from.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def risk_opportunity_create(
    *,
    user: Any,
    kind: str,
    title: str,
    process: Any,
    probability: int,
    impact: int,
    today: date | None = None,
    **fields: Any,
) -> RiskOpportunity:
    """Record a risk or an opportunity numbered ``RO-<year>-<nnnn>``, scored on the active matrix.

    When it is significant, a treatment action is created at once; it is returned in the attribute
    ``auto_action`` of the record (None otherwise)."""
    _check_fields(fields, RISK_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, RiskOpportunity, site_id=getattr(site, "pk", None))
    matrix = _require_matrix()
    today = today or timezone.localdate()
    fields.setdefault("owner", user_person(user))
    record = RiskOpportunity(
        kind=kind,
        title=(title or "").strip(),
        process=process,
        probability=probability,
        impact=impact,
        created_by=user,
        **fields,
    )
    record.full_clean(exclude={"reference", "score", "level", "is_significant", "residual_score"})
    _validate_record(record, matrix)
    _score(record, matrix, matrix_levels(matrix))
    record.reference = next_reference(REFERENCE_PREFIX, today.year)
    record.save()
    event_record(
        actor=user, target=record, verb=gettext_noop("Risk or opportunity recorded"), detail=record.title
    )
    record.auto_action = _ensure_treatment_action(user=user, record=record, today=today)
    return record


@transaction.atomic
def risk_opportunity_update(
    *, user: Any, record: RiskOpportunity, today: date | None = None, **fields: Any
) -> RiskOpportunity:
    """Change a record and rescore it; closing needs the right to close. A record that becomes
    significant gets its treatment action (``auto_action``, as for a creation)."""
    fields.pop("kind", None)
    _check_fields(fields, RISK_FIELDS)
    require(user, Operation.EDIT, record)
    record = (
        RiskOpportunity.objects.select_for_update(of=("self",)).select_related("process").get(pk=record.pk)
    )
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != record.site_id:
        require(user, Operation.CREATE, RiskOpportunity, site_id=new_site.pk)
    old_status, old_score = record.status, record.score
    if fields.get("status") == RiskStatus.CLOSED and old_status != RiskStatus.CLOSED:
        require(user, Operation.CLOSE, record)
    matrix = _require_matrix()
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean(exclude={"score", "level", "is_significant", "residual_score"})
    _validate_record(record, matrix)
    _score(record, matrix, matrix_levels(matrix))
    record.save()
    if record.status != old_status:
        event_record(
            actor=user,
            target=record,
            verb=gettext_noop("Status changed"),
            detail=f"{RiskStatus(old_status).label} → {record.get_status_display()}",
        )
    if record.score != old_score:
        event_record(
            actor=user, target=record, verb=gettext_noop("Rescored"), detail=f"{old_score} → {record.score}"
        )
    record.auto_action = None
    if record.status != RiskStatus.CLOSED:
        record.auto_action = _ensure_treatment_action(
            user=user, record=record, today=today or timezone.localdate()
        )
    return record


@transaction.atomic
def risk_opportunity_delete(*, user: Any, record: RiskOpportunity) -> None:
    """Delete a record entered by mistake; one with actions must be closed instead."""
    require(user, Operation.DELETE, record)
    if action_selectors.origin_actions_summary(record)["total"]:
        raise ValidationError(
            _("This record has actions in the action plan: close it instead of deleting it."),
            code="has_actions",
        )
    record.delete()


def _treatment_owner(user: Any, record: RiskOpportunity) -> Any:
    if record.owner_id:
        return record.owner
    if record.process.owner_id:
        return record.process.owner
    return user_person(user)


def treatment_action_type(record: RiskOpportunity) -> str:
    return ActionType.PREVENTIVE if record.kind == RiskKind.RISK else ActionType.IMPROVEMENT


@transaction.atomic
def treatment_action_create(
    *,
    user: Any,
    record: RiskOpportunity,
    title: str = "",
    owner: Any = None,
    due_on: date | None = None,
    today: date | None = None,
) -> Any:
    """Create the treatment action of a record (preventive for a risk, improvement for an
    opportunity) in the action plan; the record moves to "treatment planned"."""
    require(user, Operation.EDIT, record)
    today = today or timezone.localdate()
    if record.status == RiskStatus.CLOSED:
        raise ValidationError(_("This record is closed: reopen it before planning its treatment."))
    owner = owner or _treatment_owner(user, record)
    if owner is None:
        raise ValidationError({"owner": _("Choose who carries out the treatment action.")})
    if not title:
        title = (
            _("Treat the risk: %(title)s")
            if record.kind == RiskKind.RISK
            else _("Seize the opportunity: %(title)s")
        ) % {"title": record.title}
    action = action_services.action_create(
        user=user,
        title=title[:255],
        owner=owner,
        due_on=due_on or record.review_on or today + timedelta(days=TREATMENT_DELAY_DAYS),
        type=treatment_action_type(record),
        origin=record,
        process=record.process,
        site=record.site,
        description=record.description,
    )
    if record.status == RiskStatus.IDENTIFIED:
        record.status = RiskStatus.PLANNED
        record.save(update_fields=["status", "updated_at"])
    event_record(
        actor=user, target=record, verb=gettext_noop("Treatment action created"), detail=action.reference
    )
    return action


def _ensure_treatment_action(*, user: Any, record: RiskOpportunity, today: date) -> Any:
    """The treatment action created for a significant record that has none yet, else None."""
    if not record.is_significant or action_selectors.origin_actions_summary(record)["total"]:
        return None
    if _treatment_owner(user, record) is None:
        return None
    return treatment_action_create(user=user, record=record, today=today)

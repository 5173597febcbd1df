"""Every write of the non-conformity module: reporting, analysis (5 whys, Ishikawa, root causes),
corrective actions, 8D report and the workflow (automatic moves, closing, cancelling, reopening).

Workflow: open → analysis (as soon as an analysis starts) → action (once a corrective action
exists) → closed (only when every corrective action is done and checked effective). A closed or
cancelled record is read-only until it is reopened.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from qsse.actions import selectors as action_selectors
from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record, notification_send

from .choices import REFERENCE_PREFIX, NonconformityKind, NonconformityStatus, Origin, RootCauseSource
from .models import EightDReport, IshikawaCause, Nonconformity, RootCause, WhyStep

MAX_WHY_STEPS = 7

# The fields a user fills in; status, reference and closure fields only move through the workflow.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "origin",
        "category",
        "severity",
        "process",
        "site",
        "product",
        "lot",
        "quantity_affected",
        "detected_on",
        "detected_by",
        "owner",
        "description_who",
        "description_what",
        "description_where",
        "description_when",
        "description_how",
        "description_how_many",
        "description_why",
        "containment",
        "disposition",
        "cost_of_nonquality",
        "customer_name",
        "customer_reference",
        "supplier_name",
    }
)
EIGHT_D_FIELDS = frozenset(
    {
        "d0_preparation",
        "d1_team",
        "d2_problem",
        "d3_containment",
        "d4_root_causes",
        "d5_corrective_actions",
        "d6_implementation",
        "d7_prevention",
        "d8_closure",
    }
)
FINAL_STATUSES = (NonconformityStatus.CLOSED, NonconformityStatus.CANCELLED)
# Order of the automatic moves: a record never moves back by itself.
_STATUS_RANK = {NonconformityStatus.OPEN: 0, NonconformityStatus.ANALYSIS: 1, NonconformityStatus.ACTION: 2}


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _ensure_open(nonconformity: Nonconformity) -> None:
    if nonconformity.status == NonconformityStatus.CLOSED:
        raise ValidationError(_("This record is closed: reopen it before changing it."), code="final_status")
    if nonconformity.status == NonconformityStatus.CANCELLED:
        raise ValidationError(
            _("This record is cancelled: reopen it before changing it."), code="final_status"
        )


def _lock(nonconformity: Nonconformity) -> Nonconformity:
    """Re-read the record under a row lock so that two concurrent workflow moves cannot interleave."""
    return (
        Nonconformity.objects.select_for_update(of=("self",))
        .select_related("site", "process")
        .get(pk=nonconformity.pk)
    )


def _set_status(*, user: Any, nonconformity: Nonconformity, status: str) -> None:
    old = nonconformity.get_status_display()
    nonconformity.status = status
    nonconformity.save(update_fields=["status", "updated_at"])
    event_record(
        actor=user,
        target=nonconformity,
        verb=gettext_noop("Status changed"),
        detail=f"{old} → {nonconformity.get_status_display()}",
    )


def _advance(*, user: Any, nonconformity: Nonconformity, status: str) -> None:
    """Move forward to ``status`` when the record is behind it (never back, never from a final status)."""
    current = _STATUS_RANK.get(nonconformity.status)
    if current is not None and current < _STATUS_RANK[status]:
        _set_status(user=user, nonconformity=nonconformity, status=status)


def _notify_owner(*, user: Any, nonconformity: Nonconformity) -> None:
    owner = nonconformity.owner
    if owner is None or owner.user is None or owner.user == user:
        return
    notification_send(
        recipient=owner.user,
        subject=_("Non-conformity %(reference)s assigned to you") % {"reference": nonconformity.reference},
        body=nonconformity.title,
        url=nonconformity.get_absolute_url(),
        kind="nonconformity_assigned",
        dedup_key=f"nonconformity-{nonconformity.pk}-owner-{owner.pk}",
    )


# --- Reporting ---------------------------------------------------------------------------------


@transaction.atomic
def nonconformity_create(
    *, user: Any, kind: str, title: str, site: Any, detected_on: date, **fields: Any
) -> Nonconformity:
    """Report a non-conformity, an incident or a customer complaint; returns it with its reference
    (``NC-``, ``INC-`` or ``REC-<year>-<nnnn>`` by kind, the year of detection)."""
    _check_fields(fields, EDITABLE_FIELDS)
    require(user, Operation.CREATE, Nonconformity, site_id=getattr(site, "pk", None))
    if kind == NonconformityKind.COMPLAINT:
        fields.setdefault("origin", Origin.CUSTOMER)
    nonconformity = Nonconformity(
        kind=kind, title=title, site=site, detected_on=detected_on, created_by=user, **fields
    )
    if nonconformity.detected_by_id is None and "detected_by" not in fields:
        nonconformity.detected_by = user_person(user)
    nonconformity.full_clean(exclude={"reference"})
    nonconformity.reference = next_reference(REFERENCE_PREFIX[NonconformityKind(kind)], detected_on.year)
    nonconformity.save()
    event_record(actor=user, target=nonconformity, verb=gettext_noop("Non-conformity reported"), detail=title)
    _notify_owner(user=user, nonconformity=nonconformity)
    return nonconformity


@transaction.atomic
def nonconformity_update(*, user: Any, nonconformity: Nonconformity, **fields: Any) -> Nonconformity:
    """Change the description of a record that is not closed or cancelled."""
    if "kind" in fields and fields.pop("kind") != nonconformity.kind:
        raise ValidationError(
            {"kind": _("The kind cannot change after reporting: the reference depends on it.")},
            code="kind_fixed",
        )
    _check_fields(fields, EDITABLE_FIELDS)
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != nonconformity.site_id:
        require(user, Operation.CREATE, Nonconformity, site_id=new_site.pk)
    previous_owner_id = nonconformity.owner_id
    for name, value in fields.items():
        setattr(nonconformity, name, value)
    nonconformity.full_clean()
    nonconformity.save()
    if nonconformity.owner_id != previous_owner_id:
        _notify_owner(user=user, nonconformity=nonconformity)
    return nonconformity


@transaction.atomic
def nonconformity_delete(*, user: Any, nonconformity: Nonconformity) -> None:
    """Delete a record entered by mistake; one that already has actions must be cancelled instead."""
    require(user, Operation.DELETE, nonconformity)
    if action_selectors.origin_actions_summary(nonconformity)["total"]:
        raise ValidationError(
            _("This record has actions in the action plan: cancel it instead of deleting it."),
            code="has_actions",
        )
    nonconformity.delete()


# --- 5 whys ------------------------------------------------------------------------------------


@transaction.atomic
def why_steps_set(*, user: Any, nonconformity: Nonconformity, steps: list[tuple[str, str]]) -> list[WhyStep]:
    """Replace the 5-whys chain with ``steps`` (question, answer pairs, in order); returns the saved steps."""
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    cleaned = [((question or "").strip(), (answer or "").strip()) for question, answer in steps]
    if len(cleaned) > MAX_WHY_STEPS:
        raise ValidationError(
            {"steps": _("At most %(max)s whys.") % {"max": MAX_WHY_STEPS}}, code="too_many_steps"
        )
    errors = []
    for number, (question, answer) in enumerate(cleaned, start=1):
        if not question or not answer:
            errors.append(
                ValidationError(
                    _("Why no. %(number)s: give both the question and the answer.") % {"number": number},
                    code="incomplete_step",
                )
            )
    if errors:
        raise ValidationError({"steps": errors})
    nonconformity.why_steps.all().delete()
    created = []
    for position, (question, answer) in enumerate(cleaned, start=1):
        step = WhyStep(nonconformity=nonconformity, position=position, question=question, answer=answer)
        step.full_clean()
        step.save()
        created.append(step)
    event_record(
        actor=user,
        target=nonconformity,
        verb=gettext_noop("5 whys updated"),
        detail=created[-1].answer if created else "",
    )
    if created:
        _advance(user=user, nonconformity=nonconformity, status=NonconformityStatus.ANALYSIS)
    return created


@transaction.atomic
def why_retain_last_answer(*, user: Any, nonconformity: Nonconformity) -> RootCause:
    """Retain the last answer of the 5-whys chain as a root cause."""
    last = nonconformity.why_steps.order_by("-position").first()
    if last is None:
        raise ValidationError(_("The 5-whys chain is empty."), code="no_steps")
    return root_cause_add(
        user=user, nonconformity=nonconformity, description=last.answer, source=RootCauseSource.FIVE_WHYS
    )


# --- Ishikawa ----------------------------------------------------------------------------------


@transaction.atomic
def ishikawa_cause_add(
    *,
    user: Any,
    nonconformity: Nonconformity,
    category: str,
    text: str,
    parent: IshikawaCause | None = None,
    is_retained: bool = False,
) -> IshikawaCause:
    """Add a cause (or, with ``parent``, a sub-cause in the parent's category) to the Ishikawa diagram.
    A retained cause also becomes a root cause."""
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    if parent is not None:
        if parent.nonconformity_id != nonconformity.pk:
            raise ValidationError(
                {"parent": _("This cause belongs to another record.")}, code="foreign_parent"
            )
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("A sub-cause cannot have sub-causes of its own.")}, code="too_deep"
            )
        category = parent.category
    cause = IshikawaCause(
        nonconformity=nonconformity,
        category=category,
        text=(text or "").strip(),
        parent=parent,
        is_retained=False,
    )
    cause.full_clean()
    cause.save()
    _advance(user=user, nonconformity=nonconformity, status=NonconformityStatus.ANALYSIS)
    if is_retained:
        ishikawa_cause_set_retained(user=user, cause=cause, is_retained=True)
    return cause


@transaction.atomic
def ishikawa_cause_set_retained(*, user: Any, cause: IshikawaCause, is_retained: bool) -> IshikawaCause:
    """Mark a cause as retained (it becomes a root cause) or not (its root cause goes if it has no action)."""
    nonconformity = cause.nonconformity
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    if is_retained and not cause.is_retained:
        cause.is_retained = True
        cause.save(update_fields=["is_retained"])
        if not cause.root_causes.exists():
            root_cause_add(
                user=user,
                nonconformity=nonconformity,
                description=cause.text,
                source=RootCauseSource.ISHIKAWA,
                ishikawa_cause=cause,
            )
    elif not is_retained and cause.is_retained:
        for root_cause in cause.root_causes.all():
            root_cause_remove(user=user, root_cause=root_cause)
        cause.is_retained = False
        cause.save(update_fields=["is_retained"])
    return cause


@transaction.atomic
def ishikawa_cause_remove(*, user: Any, cause: IshikawaCause) -> None:
    """Remove a cause and its sub-causes, with the root causes they gave (refused if those have actions)."""
    nonconformity = cause.nonconformity
    require(user, Operation.EDIT, nonconformity)
    _ensure_open(_lock(nonconformity))
    causes = [cause, *cause.sub_causes.all()]
    for root_cause in RootCause.objects.filter(ishikawa_cause__in=causes):
        root_cause_remove(user=user, root_cause=root_cause)
    cause.delete()


# --- Root causes and corrective actions -------------------------------------------------------


@transaction.atomic
def root_cause_add(
    *,
    user: Any,
    nonconformity: Nonconformity,
    description: str,
    source: str,
    ishikawa_cause: IshikawaCause | None = None,
) -> RootCause:
    """Retain a root cause; the corrective actions that treat it are then created from it."""
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    description = (description or "").strip()
    if ishikawa_cause is not None and ishikawa_cause.nonconformity_id != nonconformity.pk:
        raise ValidationError(
            {"ishikawa_cause": _("This cause belongs to another record.")}, code="foreign_cause"
        )
    if nonconformity.root_causes.filter(description__iexact=description).exists() and description:
        raise ValidationError(
            {"description": _("This root cause is already retained.")}, code="duplicate_root_cause"
        )
    root_cause = RootCause(
        nonconformity=nonconformity, description=description, source=source, ishikawa_cause=ishikawa_cause
    )
    root_cause.full_clean()
    root_cause.save()
    event_record(
        actor=user, target=nonconformity, verb=gettext_noop("Root cause retained"), detail=description
    )
    _advance(user=user, nonconformity=nonconformity, status=NonconformityStatus.ANALYSIS)
    return root_cause


@transaction.atomic
def root_cause_remove(*, user: Any, root_cause: RootCause) -> None:
    """Withdraw a root cause that has no corrective action yet."""
    nonconformity = root_cause.nonconformity
    require(user, Operation.EDIT, nonconformity)
    _ensure_open(_lock(nonconformity))
    if root_cause.actions.exists():
        raise ValidationError(
            _("The root cause “%(cause)s” has corrective actions: it cannot be withdrawn.")
            % {"cause": root_cause.description},
            code="has_actions",
        )
    if root_cause.ishikawa_cause_id:
        IshikawaCause.objects.filter(pk=root_cause.ishikawa_cause_id).update(is_retained=False)
    root_cause.delete()


@transaction.atomic
def root_cause_create_action(
    *, user: Any, root_cause: RootCause, title: str, owner: Any, due_on: date, **action_fields: Any
) -> Any:
    """Create a corrective action in the action plan (origin: the record) that treats ``root_cause``."""
    nonconformity = root_cause.nonconformity
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    action_fields.setdefault("process", nonconformity.process)
    action_fields.setdefault("site", nonconformity.site)
    action_fields.setdefault("type", ActionType.CORRECTIVE)
    action = action_services.action_create(
        user=user, title=title, owner=owner, due_on=due_on, origin=nonconformity, **action_fields
    )
    root_cause.actions.add(action)
    event_record(
        actor=user,
        target=nonconformity,
        verb=gettext_noop("Corrective action created"),
        detail=f"{action.reference} – {action.title}",
    )
    _advance(user=user, nonconformity=nonconformity, status=NonconformityStatus.ACTION)
    return action


# --- 8D ----------------------------------------------------------------------------------------


@transaction.atomic
def eight_d_save(*, user: Any, nonconformity: Nonconformity, **fields: Any) -> EightDReport:
    """Create or update the 8D report of the record."""
    _check_fields(fields, EIGHT_D_FIELDS)
    require(user, Operation.EDIT, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    report = EightDReport.objects.filter(nonconformity=nonconformity).first() or EightDReport(
        nonconformity=nonconformity
    )
    for name, value in fields.items():
        setattr(report, name, (value or "").strip())
    report.full_clean()
    report.save()
    event_record(actor=user, target=nonconformity, verb=gettext_noop("8D saved"))
    return report


# --- Closing, cancelling, reopening -----------------------------------------------------------


def closure_blockers(nonconformity: Nonconformity, summary: dict[str, Any] | None = None) -> list[str]:
    """Why the record cannot be closed yet (translated sentences); empty when it can.

    ``summary`` is ``origin_actions_summary(nonconformity)`` when the caller already has it."""
    if nonconformity.status == NonconformityStatus.CLOSED:
        return [_("This record is already closed.")]
    if nonconformity.status == NonconformityStatus.CANCELLED:
        return [_("This record is cancelled.")]
    if summary is None:
        summary = action_selectors.origin_actions_summary(nonconformity)
    reasons = []
    if not summary["total"] - summary.get("cancelled", 0):
        return [_("No corrective action has been created yet.")]
    if summary["open"]:
        count = summary["open"]
        reasons.append(
            ngettext("%(count)s action is not done yet.", "%(count)s actions are not done yet.", count)
            % {"count": count}
        )
    if summary["done_unchecked"]:
        count = summary["done_unchecked"]
        reasons.append(
            ngettext(
                "%(count)s action is done but its efficacy is not checked yet.",
                "%(count)s actions are done but their efficacy is not checked yet.",
                count,
            )
            % {"count": count}
        )
    if summary["not_effective"]:
        count = summary["not_effective"]
        reasons.append(
            ngettext(
                "%(count)s action was judged not effective: follow it up.",
                "%(count)s actions were judged not effective: follow them up.",
                count,
            )
            % {"count": count}
        )
    if not reasons and not summary["all_effective"]:
        reasons.append(_("Every corrective action must be checked effective."))
    return reasons


@transaction.atomic
def nonconformity_close(*, user: Any, nonconformity: Nonconformity, comment: str = "") -> Nonconformity:
    """Close the record. Refused unless it has at least one corrective action and every one is done
    and checked effective."""
    require(user, Operation.CLOSE, nonconformity)
    nonconformity = _lock(nonconformity)
    reasons = closure_blockers(nonconformity)
    if reasons:
        raise ValidationError(reasons, code="cannot_close")
    nonconformity.status = NonconformityStatus.CLOSED
    nonconformity.closed_on = timezone.localdate()
    nonconformity.closed_by = user
    nonconformity.closure_comment = (comment or "").strip()
    nonconformity.full_clean()
    nonconformity.save()
    event_record(
        actor=user,
        target=nonconformity,
        verb=gettext_noop("Non-conformity closed"),
        detail=nonconformity.closure_comment,
    )
    return nonconformity


@transaction.atomic
def nonconformity_cancel(*, user: Any, nonconformity: Nonconformity, reason: str) -> Nonconformity:
    """Cancel a record reported by mistake or a duplicate; the reason is required."""
    require(user, Operation.CLOSE, nonconformity)
    nonconformity = _lock(nonconformity)
    _ensure_open(nonconformity)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")}, code="reason_required")
    nonconformity.status = NonconformityStatus.CANCELLED
    nonconformity.closure_comment = reason
    nonconformity.save(update_fields=["status", "closure_comment", "updated_at"])
    event_record(
        actor=user, target=nonconformity, verb=gettext_noop("Non-conformity cancelled"), detail=reason
    )
    return nonconformity


@transaction.atomic
def nonconformity_reopen(*, user: Any, nonconformity: Nonconformity, reason: str) -> Nonconformity:
    """Reopen a closed or cancelled record; it goes back to the step its analysis and actions reached."""
    require(user, Operation.CLOSE, nonconformity)
    nonconformity = _lock(nonconformity)
    if nonconformity.status not in FINAL_STATUSES:
        raise ValidationError(_("Only a closed or cancelled record can be reopened."), code="not_final")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening.")}, code="reason_required")
    if action_selectors.origin_actions_summary(nonconformity)["total"]:
        status = NonconformityStatus.ACTION
    elif (
        nonconformity.why_steps.exists()
        or nonconformity.ishikawa_causes.exists()
        or nonconformity.root_causes.exists()
    ):
        status = NonconformityStatus.ANALYSIS
    else:
        status = NonconformityStatus.OPEN
    nonconformity.status = status
    nonconformity.closed_on = None
    nonconformity.closed_by = None
    nonconformity.closure_comment = ""
    nonconformity.save()
    event_record(
        actor=user, target=nonconformity, verb=gettext_noop("Non-conformity reopened"), detail=reason
    )
    return nonconformity

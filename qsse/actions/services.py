"""Every write of the action plan: creation, update, status workflow, efficacy check, reminders."""

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

from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import can, require, user_person
from qsse.core.services import event_record, notification_send

from . import calculations
from .choices import ActionPriority, ActionStatus, ActionType, EfficacyResult
from .models import Action

FOLLOW_UP_REOPEN = "reopen"
FOLLOW_UP_NEW_ACTION = "new_action"
FOLLOW_UPS = (FOLLOW_UP_REOPEN, FOLLOW_UP_NEW_ACTION)
# Days given to a follow-up action created after a "not effective" efficacy check.
FOLLOW_UP_DELAY_DAYS = 30

UPDATABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "type",
        "process",
        "site",
        "owner",
        "due_on",
        "priority",
        "progress",
        "human_resources",
        "estimated_days",
        "material_resources",
        "estimated_cost",
        "actual_cost",
        "efficacy_criterion",
        "efficacy_check_due_on",
    }
)


def _today() -> date:
    return timezone.localdate()


def _notify_assignment(*, user: Any, action: Action) -> None:
    """Tell the owner an action was given to them (not when they assigned it to themselves)."""
    recipient = getattr(action.owner, "user", None)
    if recipient is None or recipient == user:
        return
    # Sent by e-mail too: written in the organisation's language, not the actor's.
    with translation.override(settings.LANGUAGE_CODE):
        notification_send(
            recipient=recipient,
            subject=_("Action assigned to you: %(action)s") % {"action": action},
            body=_("%(actor)s assigned you the action “%(title)s”, due on %(due)s.")
            % {
                "actor": user_person(user) or user.get_username(),
                "title": action.title,
                "due": date_format(action.due_on, "SHORT_DATE_FORMAT"),
            },
            url=action.get_absolute_url(),
            kind="action_assigned",
        )


def _origin_fields(origin: Model | None) -> dict[str, Any]:
    if origin is None:
        return {"origin_content_type": None, "origin_object_id": None, "origin_label": ""}
    return {
        "origin_content_type": ContentType.objects.get_for_model(origin),
        "origin_object_id": origin.pk,
        "origin_label": str(origin)[:255],
    }


@transaction.atomic
def action_create(
    *,
    user: Any,
    title: str,
    owner: Any,
    due_on: date,
    type: str = ActionType.CORRECTIVE,
    origin: Model | None = None,
    process: Any = None,
    site: Any = None,
    priority: int = ActionPriority.NORMAL,
    description: str = "",
    efficacy_criterion: str = "",
    efficacy_check_due_on: date | None = None,
    human_resources: str = "",
    estimated_days: Decimal | None = None,
    material_resources: str = "",
    estimated_cost: Decimal | None = None,
    follow_up_of: Action | None = None,
) -> Action:
    """Create an action numbered ``ACT-<year>-<nnnn>`` and notify its owner.

    ``origin`` is any record (a non-conformity, an audit finding...); the site defaults to the
    origin's site. Raises PermissionDenied or ValidationError (field-level) and saves nothing then.
    """
    if site is None and origin is not None:
        site = getattr(origin, "site", None)
    if process is None and origin is not None:
        process = getattr(origin, "process", None)
    require(user, Operation.CREATE, Action, site_id=site.pk if site is not None else None)
    action = Action(
        title=(title or "").strip(),
        owner=owner,
        due_on=due_on,
        type=type,
        process=process,
        site=site,
        priority=priority,
        description=description,
        efficacy_criterion=efficacy_criterion,
        efficacy_check_due_on=efficacy_check_due_on,
        human_resources=human_resources,
        estimated_days=estimated_days,
        material_resources=material_resources,
        estimated_cost=estimated_cost,
        follow_up_of=follow_up_of,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **_origin_fields(origin),
    )
    action.full_clean(exclude=["reference"])
    action.reference = next_reference("ACT", _today().year)
    action.save()
    event_record(actor=user, target=action, verb=gettext_noop("Action created"), detail=action.origin_label)
    _notify_assignment(user=user, action=action)
    return action


@transaction.atomic
def action_update(*, user: Any, action: Action, **fields: Any) -> Action:
    """Change the editable fields of ``action`` (status goes through ``action_set_status``).

    A new owner is notified; a later due date is recorded as a postponement.
    """
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"action_update() cannot change {', '.join(sorted(unknown))}")
    require(user, Operation.EDIT, action)
    new_site = fields.get("site", action.site)
    if "site" in fields and (new_site.pk if new_site else None) != action.site_id:
        require(user, Operation.EDIT, Action, site_id=new_site.pk if new_site else None)
    old_owner_id, old_due_on = action.owner_id, action.due_on
    for name, value in fields.items():
        if name == "title" and isinstance(value, str):
            value = value.strip()
        setattr(action, name, value)
    action.full_clean()
    action.save()
    if action.owner_id != old_owner_id:
        event_record(actor=user, target=action, verb=gettext_noop("Owner changed"), detail=str(action.owner))
        _notify_assignment(user=user, action=action)
    if old_due_on and action.due_on > old_due_on:
        event_record(
            actor=user,
            target=action,
            verb=gettext_noop("Due date postponed"),
            detail=f"{old_due_on.isoformat()} → {action.due_on.isoformat()}",
        )
    return action


@transaction.atomic
def action_set_status(*, user: Any, action: Action, status: str) -> Action:
    """Move ``action`` to ``status`` (planned, in progress, done, cancelled), keeping dates consistent.

    "Efficacy checked" is reached only through ``action_check_efficacy``.
    """
    require(user, Operation.EDIT, action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == action.status:
        return action
    if status == ActionStatus.CHECKED:
        raise ValidationError(
            {"status": _("An action becomes “efficacy checked” only through the efficacy check.")}
        )
    if not calculations.status_move_allowed(action.status, status):
        raise ValidationError(
            {
                "status": _("An action cannot go from “%(current)s” to “%(target)s”.")
                % {"current": action.get_status_display(), "target": ActionStatus(status).label}
            }
        )
    previous = action.get_status_display()
    today = _today()
    action.status = status
    if status == ActionStatus.PLANNED:
        action.started_on = None
        action.completed_on = None
        action.progress = 0
    elif status == ActionStatus.IN_PROGRESS:
        action.started_on = action.started_on or today
        action.completed_on = None
        if action.progress == 100:
            action.progress = 90
    elif status == ActionStatus.DONE:
        action.started_on = action.started_on or today
        action.completed_on = today
        action.progress = 100
    action.full_clean()
    action.save()
    event_record(
        actor=user,
        target=action,
        verb=gettext_noop("Action cancelled")
        if status == ActionStatus.CANCELLED
        else gettext_noop("Status changed"),
        detail=f"{previous} → {action.get_status_display()}",
    )
    return action


@transaction.atomic
def action_check_efficacy(
    *,
    user: Any,
    action: Action,
    result: str,
    comment: str = "",
    checked_on: date | None = None,
    follow_up: str | None = None,
) -> Action | None:
    """Record the efficacy check of a done action; it becomes "efficacy checked".

    When not effective, ``follow_up="reopen"`` puts the action back in progress (efficacy fields
    cleared, the check stays in the history) and returns it; ``follow_up="new_action"`` creates and
    returns a follow-up action with the same origin. Otherwise returns the checked action.
    """
    require(user, Operation.CLOSE, action)
    errors: dict[str, str] = {}
    if action.status != ActionStatus.DONE:
        errors["status"] = _("Only a done action can have its efficacy checked.")
    if result not in EfficacyResult.values:
        errors["result"] = _("Choose whether the action was effective.")
    checked_on = checked_on or _today()
    if checked_on > _today():
        errors["checked_on"] = _("The check date cannot be in the future.")
    elif action.completed_on and checked_on < action.completed_on:
        errors["checked_on"] = _("The check date cannot be before the completion date.")
    if follow_up and follow_up not in FOLLOW_UPS:
        errors["follow_up"] = _("Unknown follow-up.")
    elif follow_up and result == EfficacyResult.EFFECTIVE:
        errors["follow_up"] = _("A follow-up is only chosen when the action was not effective.")
    if errors:
        raise ValidationError(errors)
    action.efficacy_result = result
    action.efficacy_comment = comment.strip()
    action.efficacy_checked_on = checked_on
    action.efficacy_checked_by = user_person(user)
    action.status = ActionStatus.CHECKED
    action.full_clean()
    action.save()
    event_record(
        actor=user,
        target=action,
        verb=gettext_noop("Efficacy checked"),
        detail=" – ".join(filter(None, [str(EfficacyResult(result).label), action.efficacy_comment])),
    )
    if result != EfficacyResult.NOT_EFFECTIVE or not follow_up:
        return action
    if follow_up == FOLLOW_UP_REOPEN:
        action.status = ActionStatus.IN_PROGRESS
        action.completed_on = None
        action.progress = 90
        action.efficacy_result = ""
        action.efficacy_comment = ""
        action.efficacy_checked_on = None
        action.efficacy_checked_by = None
        action.full_clean()
        action.save()
        event_record(actor=user, target=action, verb=gettext_noop("Action reopened"), detail=comment.strip())
        return action
    new_action = action_create(
        user=user,
        title=_("Follow-up: %(title)s") % {"title": action.title},
        owner=action.owner,
        due_on=checked_on + timedelta(days=FOLLOW_UP_DELAY_DAYS),
        type=action.type,
        origin=action.origin,
        process=action.process,
        site=action.site,
        priority=action.priority,
        description=comment.strip(),
        efficacy_criterion=action.efficacy_criterion,
        follow_up_of=action,
    )
    if action.origin is None and action.origin_label:
        # The origin record is gone: keep at least its label.
        new_action.origin_label = action.origin_label
        new_action.save(update_fields=["origin_label"])
    event_record(
        actor=user, target=action, verb=gettext_noop("Follow-up action created"), detail=new_action.reference
    )
    return new_action


@transaction.atomic
def action_delete(*, user: Any, action: Action) -> None:
    """Delete an action (DELETE permission); the history keeps its last state."""
    require(user, Operation.DELETE, action)
    action.delete()


def action_reminders_send(*, today: date | None = None, window_days: int = 7) -> int:
    """Notify owners of open actions due within ``window_days`` days or overdue.

    Each reminder goes once per action, kind and due date (a postponed action is reminded again).
    Returns the number of notifications sent.
    """
    today = today or _today()
    candidates = (
        Action.objects.filter(
            status__in=calculations.OPEN,
            due_on__lte=today + timedelta(days=window_days),
            owner__user__isnull=False,
            owner__user__is_active=True,
        )
        .select_related("owner__user")
        .order_by("due_on", "pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for action in candidates.iterator(chunk_size=1000):
            kind = calculations.reminder_kind(action.due_on, action.status, today, window_days)
            if kind is None:
                continue
            due = date_format(action.due_on, "SHORT_DATE_FORMAT")
            if kind == calculations.REMINDER_OVERDUE:
                subject = _("Overdue action: %(action)s") % {"action": action}
                body = _("This action was due on %(due)s (%(days)s days late).") % {
                    "due": due,
                    "days": calculations.days_late(action.due_on, today),
                }
            else:
                subject = _("Action nears its due date: %(action)s") % {"action": action}
                body = _("This action is due on %(due)s.") % {"due": due}
            notification = notification_send(
                recipient=action.owner.user,
                subject=subject,
                body=body,
                url=action.get_absolute_url(),
                kind=f"action_{kind}",
                dedup_key=f"action-reminder:{action.pk}:{kind}:{action.due_on.isoformat()}",
            )
            sent += notification is not None
    return sent


def can_check_efficacy(user: Any, action: Action) -> bool:
    return action.status == ActionStatus.DONE and can(user, Operation.CLOSE, action)

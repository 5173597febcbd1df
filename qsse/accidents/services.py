"""Every write of the accident register: accidents and their victim record, the tree of causes,
actions opened from a cause, hours worked. One transaction each; permissions checked here, so that
pages, API and the demo seeder follow the same rules.

The victim's identity and medical details (``AccidentVictim``) are written only by the roles that
may read them (``selectors.can_see_personal_data``): administrator and QSSE manager.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require
from qsse.core.services import event_record

from . import calculations, selectors
from .choices import AccidentKind, AccidentStatus, FactKind
from .models import Accident, AccidentVictim, CauseLink, CauseNode, HoursWorked

ACCIDENT_FIELDS = frozenset(
    {
        "kind",
        "occurred_at",
        "site",
        "work_unit",
        "place",
        "title",
        "description",
        "days_lost",
        "declared_on",
        "immediate_measures",
        "status",
    }
)
VICTIM_FIELDS = frozenset(
    {"victim", "witnesses", "lesion_nature", "lesion_seat", "lesion_details", "first_aid"}
)
KINDS_WITH_DAYS_LOST = (AccidentKind.LOST_TIME, AccidentKind.COMMUTING)
# Days given by default to an action opened from a cause of the tree.
ACTION_DELAY_DAYS = 30


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _check_days_lost(accident: Accident) -> None:
    if accident.days_lost and accident.kind not in KINDS_WITH_DAYS_LOST:
        raise ValidationError(
            {
                "days_lost": _(
                    "Days lost are recorded only for an accident with lost time or a commuting accident."
                )
            }
        )


def _root_text(kind: str) -> str:
    if kind in (AccidentKind.NEAR_MISS, AccidentKind.INCIDENT):
        return _("The event")
    return _("The injury")


def _write_victim(user: Any, accident: Accident, values: dict[str, Any]) -> None:
    """Write the victim fields given (None values are left as they are)."""
    values = {name: value for name, value in values.items() if value is not None}
    if not values:
        return
    if not selectors.can_see_personal_data(user):
        if any(value not in ("", None) for value in values.values()):
            raise PermissionDenied
        return
    record, _created = AccidentVictim.objects.get_or_create(accident=accident)
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()


@transaction.atomic
def accident_create(
    *,
    user: Any,
    kind: str,
    occurred_at: datetime,
    site: Any,
    title: str,
    place: str,
    description: str,
    **fields: Any,
) -> Accident:
    """Record an accident, incident or near miss, numbered ``ACC-<year>-<nnnn>``, with the root of
    its tree of causes (the injury, or the event for a near miss). Victim fields (``victim``,
    ``witnesses``, ``lesion_*``, ``first_aid``) need a role allowed to see personal data."""
    _check_fields(
        fields,
        (ACCIDENT_FIELDS | VICTIM_FIELDS) - {"kind", "occurred_at", "site", "title", "place", "description"},
    )
    require(user, Operation.CREATE, Accident, site_id=site.pk if site is not None else None)
    victim_values = {name: fields.pop(name) for name in list(fields) if name in VICTIM_FIELDS}
    accident = Accident(
        kind=kind,
        occurred_at=occurred_at,
        site=site,
        title=(title or "").strip(),
        place=(place or "").strip(),
        description=description,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **fields,
    )
    accident.reference = "ACC-0000-0000"
    accident.full_clean(exclude=["reference"])
    _check_days_lost(accident)
    if accident.work_unit_id and accident.work_unit.site_id != accident.site_id:
        raise ValidationError({"work_unit": _("The work unit belongs to another site.")})
    accident.reference = next_reference("ACC", timezone.localtime(occurred_at).year)
    accident.save()
    AccidentVictim.objects.create(accident=accident)
    _write_victim(user, accident, victim_values)
    CauseNode.objects.create(accident=accident, text=_root_text(kind), kind=FactKind.UNUSUAL, is_root=True)
    event_record(actor=user, target=accident, verb=gettext_noop("Accident recorded"))
    return accident


@transaction.atomic
def accident_update(*, user: Any, accident: Accident, **fields: Any) -> Accident:
    """Change an accident; victim fields only for the roles allowed to see them."""
    _check_fields(fields, ACCIDENT_FIELDS | VICTIM_FIELDS)
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    require(user, Operation.EDIT, accident)
    victim_values = {name: fields.pop(name) for name in list(fields) if name in VICTIM_FIELDS}
    for name, value in fields.items():
        setattr(accident, name, value)
    accident.full_clean()
    _check_days_lost(accident)
    if accident.work_unit_id and accident.work_unit.site_id != accident.site_id:
        raise ValidationError({"work_unit": _("The work unit belongs to another site.")})
    accident.save()
    _write_victim(user, accident, victim_values)
    return accident


def _tree_links(accident: Accident) -> list[calculations.Link]:
    return [
        calculations.Link(cause, effect)
        for cause, effect in CauseLink.objects.filter(cause__accident=accident).values_list(
            "cause_id", "effect_id"
        )
    ]


def _root(accident: Accident) -> CauseNode:
    return CauseNode.objects.get(accident=accident, is_root=True)


LINK_MESSAGES = {
    "self": gettext_noop("A fact cannot be its own cause."),
    "root": gettext_noop("The injury is the end of the tree: it cannot be the cause of another fact."),
    "duplicate": gettext_noop("These two facts are already linked."),
    "cycle": gettext_noop("This link would make a loop: the effect already leads to this fact."),
}


@transaction.atomic
def link_add(*, user: Any, cause: CauseNode, effect: CauseNode) -> CauseLink:
    """Make ``cause`` a cause of ``effect`` (two facts of the same accident), refused when it would
    make a loop, link the injury as a cause or duplicate a link (brief §2.3: the tree goes backwards
    from the injury)."""
    require(user, Operation.EDIT, cause.accident)
    if cause.accident_id != effect.accident_id:
        raise ValidationError(_("Both facts must belong to the same accident."))
    Accident.objects.select_for_update().filter(pk=cause.accident_id).first()
    root = _root(cause.accident)
    problem = calculations.link_problem(_tree_links(cause.accident), cause.pk, effect.pk, root.pk)
    if problem:
        raise ValidationError(_(LINK_MESSAGES[problem]))
    link = CauseLink.objects.create(cause=cause, effect=effect)
    _start_analysis(cause.accident)
    return link


def _start_analysis(accident: Accident) -> None:
    if accident.status == AccidentStatus.REPORTED:
        accident.status = AccidentStatus.ANALYSING
        accident.save(update_fields=["status", "updated_at"])


@transaction.atomic
def fact_add(
    *,
    user: Any,
    accident: Accident,
    text: str,
    kind: str = FactKind.UNUSUAL,
    component: str = "",
    effect: CauseNode | None = None,
) -> CauseNode:
    """Add a fact to the tree, as a cause of ``effect`` when given."""
    require(user, Operation.EDIT, accident)
    node = CauseNode(accident=accident, text=(text or "").strip(), kind=kind, component=component)
    node.full_clean()
    node.save()
    if effect is not None:
        link_add(user=user, cause=node, effect=effect)
    _start_analysis(accident)
    return node


@transaction.atomic
def fact_update(*, user: Any, node: CauseNode, text: str, kind: str, component: str = "") -> CauseNode:
    require(user, Operation.EDIT, node.accident)
    node.text, node.kind, node.component = (text or "").strip(), kind, component
    node.full_clean()
    node.save()
    return node


@transaction.atomic
def fact_remove(*, user: Any, node: CauseNode) -> None:
    """Remove a fact and its links; the injury stays."""
    require(user, Operation.EDIT, node.accident)
    if node.is_root:
        raise ValidationError(_("The injury is the root of the tree and cannot be removed."))
    node.delete()


@transaction.atomic
def link_remove(*, user: Any, link: CauseLink) -> None:
    require(user, Operation.EDIT, link.cause.accident)
    link.delete()


@transaction.atomic
def fact_create_action(
    *,
    user: Any,
    node: CauseNode,
    owner: Any,
    due_on: date | None = None,
    type: str = ActionType.CORRECTIVE,
    title: str = "",
) -> CauseNode:
    """Open a corrective or preventive action against a cause of the tree (one open action per
    fact), through the action plan's services."""
    node = (
        CauseNode.objects.select_for_update(of=("self",))
        .select_related("accident__site", "action")
        .get(pk=node.pk)
    )
    require(user, Operation.VIEW, node.accident)
    if node.is_root:
        raise ValidationError(_("An action addresses a cause, not the injury itself."))
    if node.action is not None and node.action.status != ActionStatus.CANCELLED:
        raise ValidationError(
            _("An action is already open for this cause (%(reference)s).")
            % {"reference": node.action.reference}
        )
    if owner is None:
        raise ValidationError({"owner": _("Choose who is in charge of the action.")})
    today = timezone.localdate()
    if due_on is not None and due_on < today:
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    if type not in (ActionType.CORRECTIVE, ActionType.PREVENTIVE):
        raise ValidationError({"type": _("An action from the tree of causes is corrective or preventive.")})
    accident = node.accident
    node.action = action_services.action_create(
        user=user,
        title=((title or "").strip() or _("Remove the cause: %(fact)s") % {"fact": node.text})[:255],
        description=_("Tree of causes of %(reference)s (%(title)s), cause: %(fact)s")
        % {"reference": accident.reference, "title": accident.title, "fact": node.text},
        owner=owner,
        due_on=due_on or today + timedelta(days=ACTION_DELAY_DAYS),
        type=type,
        origin=node,
        site=accident.site,
    )
    node.save(update_fields=["action", "updated_at"])
    event_record(
        actor=user,
        target=accident,
        verb=gettext_noop("Action opened from the tree of causes"),
        detail=node.action.reference,
    )
    return node


@transaction.atomic
def hours_set(
    *, user: Any, site: Any, month: date, hours: Decimal | None, average_headcount: Decimal | None = None
) -> HoursWorked | None:
    """Enter (or change) the hours worked and average headcount of a site in a month; ``hours``
    None removes the entry (the month's rates become not computable)."""
    require(user, Operation.EDIT, HoursWorked, site_id=site.pk)
    month = month.replace(day=1)
    existing = HoursWorked.objects.filter(site=site, month=month).first()
    if hours is None:
        if existing is not None:
            existing.delete()
        return None
    record = existing or HoursWorked(site=site, month=month)
    if existing is not None and existing.hours == hours and existing.average_headcount == average_headcount:
        return existing
    record.hours, record.average_headcount = hours, average_headcount
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def hours_save_year(
    *, user: Any, site: Any, values: dict[date, tuple[Decimal | None, Decimal | None]]
) -> int:
    """Save a grid of months (month → (hours, headcount)); returns the number of months kept."""
    kept = 0
    for month, (hours, headcount) in sorted(values.items()):
        if hours_set(user=user, site=site, month=month, hours=hours, average_headcount=headcount) is not None:
            kept += 1
    return kept

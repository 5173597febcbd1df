"""Writes on the process map: processes and their interactions.

Who may do what (``REFERENCE_DATA_GRANTS``): administrators and QSSE managers manage the map;
a process owner edits the sheet of the processes they own (purpose, inputs, outputs, resources,
objectives, indicators) and declares what their processes deliver to others (the interactions
whose source they own); everybody else reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.choices import Operation
from qsse.core.permissions import Scope, grant, require
from qsse.core.services import event_record, notification_send

from .models import Process, ProcessInteraction

# The fields a process owner may change on their own process; the others shape the map.
SHEET_FIELDS = ("purpose", "inputs", "outputs", "resources", "performance_objectives", "indicators")
STRUCTURE_FIELDS = ("code", "name", "kind", "owner", "position")
EDITABLE_FIELDS = STRUCTURE_FIELDS + SHEET_FIELDS


def manages_process_map(user: Any) -> bool:
    """Whether ``user`` may shape the map (create, rename, re-type, re-assign, reorder, deactivate)."""
    return grant(user, Operation.EDIT, Process) is Scope.ALL


def _normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def _check_owner(owner: Any) -> None:
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": _("This person is no longer active; choose an active person.")})


def _notify_owner(process: Process) -> None:
    owner = process.owner
    if owner is None or owner.user is None:
        return
    notification_send(
        recipient=owner.user,
        subject=_("You are the owner of the process %(process)s") % {"process": str(process)},
        body=_("Its process sheet is yours to keep up to date."),
        url=process.get_absolute_url(),
        kind="process_owner",
    )


@transaction.atomic
def process_create(
    *,
    user: Any,
    code: str,
    name: str,
    kind: str,
    owner: Any = None,
    purpose: str = "",
    inputs: str = "",
    outputs: str = "",
    resources: str = "",
    performance_objectives: str = "",
    indicators: str = "",
    position: int | None = None,
) -> Process:
    """Create an active process; without ``position`` it goes to the end of its band."""
    require(user, Operation.CREATE, Process)
    _check_owner(owner)
    if position is None:
        last = Process.objects.filter(kind=kind).aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    process = Process(
        code=_normalise_code(code),
        name=(name or "").strip(),
        kind=kind,
        owner=owner,
        purpose=purpose,
        inputs=inputs,
        outputs=outputs,
        resources=resources,
        performance_objectives=performance_objectives,
        indicators=indicators,
        position=position,
    )
    process.full_clean()
    process.save()
    event_record(actor=user, target=process, verb=gettext_noop("Process created"), detail=str(process))
    if owner is not None and owner.user_id != getattr(user, "pk", None):
        _notify_owner(process)
    return process


@transaction.atomic
def process_update(*, user: Any, process: Process, data: Mapping[str, Any]) -> Process:
    """Change the fields of ``process`` given in ``data`` (names from ``EDITABLE_FIELDS``).

    A process owner may change only the sheet fields of their own process: a change of a structure
    field (code, name, type, owner, position) by them is refused with PermissionDenied.
    """
    require(user, Operation.EDIT, process)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields that cannot be updated: {sorted(unknown)}")
    changes = {field: value for field, value in data.items() if getattr(process, field) != value}
    if "code" in changes:
        changes["code"] = _normalise_code(changes["code"])
        if changes["code"] == process.code:
            del changes["code"]
    if set(changes) & set(STRUCTURE_FIELDS) and not manages_process_map(user):
        raise PermissionDenied
    if "owner" in changes:
        _check_owner(changes["owner"])
    previous_owner = process.owner
    for field, value in changes.items():
        setattr(process, field, value.strip() if field == "name" else value)
    process.full_clean()
    process.save()
    if "owner" in changes:
        event_record(
            actor=user,
            target=process,
            verb=gettext_noop("Process owner changed"),
            detail=f"{previous_owner or '—'} → {process.owner or '—'}",
        )
        if process.owner is not None and process.owner.user_id != getattr(user, "pk", None):
            _notify_owner(process)
    return process


@transaction.atomic
def process_deactivate(*, user: Any, process: Process, reason: str = "") -> Process:
    """Take ``process`` off the map (kept with its history and its interactions for the records)."""
    require(user, Operation.DELETE, process)
    if not process.is_active:
        raise ValidationError(_("This process is already inactive."))
    process.is_active = False
    process.save(update_fields=["is_active", "updated_at"])
    event_record(actor=user, target=process, verb=gettext_noop("Process deactivated"), detail=reason.strip())
    return process


@transaction.atomic
def process_reactivate(*, user: Any, process: Process) -> Process:
    """Put an inactive process back on the map."""
    require(user, Operation.DELETE, process)
    if process.is_active:
        raise ValidationError(_("This process is already active."))
    process.is_active = True
    process.save(update_fields=["is_active", "updated_at"])
    event_record(actor=user, target=process, verb=gettext_noop("Process reactivated"))
    return process


@transaction.atomic
def interaction_add(*, user: Any, source: Process, target: Process, flow: str) -> ProcessInteraction:
    """Record that ``flow`` (an output of ``source``) is an input of ``target``.

    Allowed to whoever may edit the source process. Refused (ValidationError): an interaction of a
    process with itself, with an inactive process, an empty flow, or the same flow declared twice.
    """
    require(user, Operation.EDIT, source)
    flow = " ".join((flow or "").split())
    errors: dict[str, list[str]] = {}
    if not flow:
        errors.setdefault("flow", []).append(_("Describe what flows from one process to the other."))
    if source.pk == target.pk:
        errors.setdefault("target", []).append(_("A process cannot interact with itself."))
    elif not target.is_active or not source.is_active:
        errors.setdefault("target", []).append(_("Interactions link active processes only."))
    if flow and ProcessInteraction.objects.filter(source=source, target=target, flow__iexact=flow).exists():
        errors.setdefault("flow", []).append(_("This flow between these two processes is already recorded."))
    if errors:
        raise ValidationError(errors)
    interaction = ProcessInteraction(source=source, target=target, flow=flow)
    interaction.full_clean()
    interaction.save()
    detail = f"{source.code} → {target.code}: {flow}"
    event_record(actor=user, target=source, verb=gettext_noop("Interaction added"), detail=detail)
    event_record(actor=user, target=target, verb=gettext_noop("Interaction added"), detail=detail)
    return interaction


@transaction.atomic
def interaction_remove(*, user: Any, interaction: ProcessInteraction) -> None:
    """Delete an interaction; allowed to whoever may edit its source process."""
    source, target = interaction.source, interaction.target
    require(user, Operation.EDIT, source)
    detail = f"{source.code} → {target.code}: {interaction.flow}"
    interaction.delete()
    event_record(actor=user, target=source, verb=gettext_noop("Interaction removed"), detail=detail)
    event_record(actor=user, target=target, verb=gettext_noop("Interaction removed"), detail=detail)

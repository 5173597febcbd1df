"""Every write of periodic inspections: the catalogue, the equipment register, the schedule lines
generated from the catalogue, visits and their observations.

Turning an observation into an action goes through the action plan's services, in the same
transaction as the link written back on the observation.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionPriority, ActionStatus, ActionType
from qsse.core import services as core_services
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require
from qsse.core.services import event_record, notification_send

from . import calculations, catalogue
from .choices import DUE_SOON_DAYS, ObservationSeverity, VisitResult
from .models import (
    Equipment,
    EquipmentKind,
    InspectionSchedule,
    InspectionType,
    InspectionVisit,
    Observation,
)

TYPE_FIELDS = frozenset(
    {
        "title_fr",
        "title_en",
        "periodicity_months",
        "periodicity_reason",
        "max_periodicity_months",
        "adjustment_fr",
        "adjustment_en",
        "legal_text",
        "legal_article",
        "source_url",
        "inspector",
        "to_verify",
        "note",
        "is_active",
    }
)
EQUIPMENT_FIELDS = frozenset(
    {
        "site",
        "kind",
        "name",
        "identifier",
        "location",
        "work_unit",
        "commissioned_on",
        "quantity",
        "is_in_service",
        "responsible",
        "notes",
    }
)
# Days given to the action that remedies an observation, by severity, when no due date is chosen.
ACTION_DELAY_DAYS = {
    ObservationSeverity.CRITICAL: 7,
    ObservationSeverity.MAJOR: 30,
    ObservationSeverity.MINOR: 90,
}
ACTION_PRIORITY = {
    ObservationSeverity.CRITICAL: ActionPriority.CRITICAL,
    ObservationSeverity.MAJOR: ActionPriority.HIGH,
    ObservationSeverity.MINOR: ActionPriority.NORMAL,
}


def _today() -> date:
    return timezone.localdate()


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


# --- Catalogue ---------------------------------------------------------------------------------


def _set_changed(record: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


@transaction.atomic
def catalogue_load(*, user: Any = None, data: catalogue.Catalogue | None = None) -> dict[str, int]:
    """Create or refresh the shipped kinds and inspection types; idempotent (a second run writes
    nothing). The periodicity an organisation changed is kept; one still equal to the text's
    follows a new text. ``user`` None is the system (after ``migrate``). Returns counts."""
    if user is not None:
        require(user, Operation.EDIT, InspectionType)
    data = data or catalogue.shipped()
    counts = {"kinds_created": 0, "types_created": 0, "types_updated": 0}
    kinds: dict[str, EquipmentKind] = {}
    for entry in data.kinds:
        kind = EquipmentKind.objects.filter(code=entry.code).first()
        if kind is None:
            kind = EquipmentKind.objects.create(
                code=entry.code, name_fr=entry.name_fr, name_en=entry.name_en, is_shipped=True
            )
            counts["kinds_created"] += 1
        elif _set_changed(kind, {"name_fr": entry.name_fr, "name_en": entry.name_en, "is_shipped": True}):
            kind.save()
        kinds[entry.code] = kind
    for entry in data.types:
        values = {
            "kind": kinds[entry.kind],
            "title_fr": entry.title_fr,
            "title_en": entry.title_en,
            "legal_periodicity_months": entry.periodicity_months,
            "max_periodicity_months": entry.max_periodicity_months,
            "adjustment_fr": entry.adjustment_fr,
            "adjustment_en": entry.adjustment_en,
            "legal_text": entry.legal_text,
            "legal_article": entry.legal_article,
            "source_url": entry.source_url,
            "inspector": entry.inspector,
            "to_verify": entry.to_verify,
            "note": entry.note,
            "is_shipped": True,
        }
        existing = InspectionType.objects.filter(code=entry.code).first()
        if existing is None:
            InspectionType.objects.create(
                code=entry.code, periodicity_months=entry.periodicity_months, **values
            )
            counts["types_created"] += 1
            continue
        if existing.periodicity_months == existing.legal_periodicity_months:
            values["periodicity_months"] = entry.periodicity_months
        if _set_changed(existing, values):
            existing.full_clean()
            existing.save()
            counts["types_updated"] += 1
    return counts


@transaction.atomic
def equipment_kind_create(*, user: Any, code: str, name_fr: str, name_en: str = "") -> EquipmentKind:
    """Add a kind of equipment of the organisation's own (e.g. a machine the catalogue lacks); its
    inspections are then added as own types."""
    require(user, Operation.CREATE, EquipmentKind)
    kind = EquipmentKind(
        code=(code or "").strip(), name_fr=(name_fr or "").strip(), name_en=(name_en or "").strip()
    )
    kind.full_clean()
    kind.save()
    event_record(actor=user, target=kind, verb=gettext_noop("Equipment kind created"), detail=kind.name_fr)
    return kind


def _check_periodicity(inspection_type: InspectionType) -> None:
    legal = inspection_type.legal_periodicity_months
    if legal is None or inspection_type.periodicity_months == legal:
        return
    if inspection_type.periodicity_months > legal:
        raise ValidationError(
            {
                "periodicity_months": _(
                    "The text requires this inspection at least every %(months)s months: a longer "
                    "periodicity is only allowed on a piece of equipment, within the adjustment the "
                    "text allows."
                )
                % {"months": legal}
            }
        )
    if not inspection_type.periodicity_reason.strip():
        raise ValidationError(
            {
                "periodicity_reason": _(
                    "Give the reason for a periodicity different from the text's (e.g. insurer's "
                    "requirement)."
                )
            }
        )


@transaction.atomic
def inspection_type_create(
    *, user: Any, code: str, kind: EquipmentKind, title_fr: str, periodicity_months: int, **fields: Any
) -> InspectionType:
    """Add an inspection type of the organisation's own (insurer's or internal requirement) and
    schedule it on every piece of equipment of its kind."""
    _check_fields(fields, TYPE_FIELDS)
    require(user, Operation.CREATE, InspectionType)
    inspection_type = InspectionType(
        code=code, kind=kind, title_fr=title_fr, periodicity_months=periodicity_months, **fields
    )
    inspection_type.full_clean()
    inspection_type.save()
    event_record(
        actor=user, target=inspection_type, verb=gettext_noop("Inspection type created"), detail=title_fr
    )
    for equipment in Equipment.objects.filter(kind=kind):
        schedule_generate(equipment=equipment)
    return inspection_type


@transaction.atomic
def inspection_type_update(*, user: Any, inspection_type: InspectionType, **fields: Any) -> InspectionType:
    """Change a type; a new periodicity moves the next due date of the lines that follow it (those
    without an extended periodicity of their own)."""
    _check_fields(fields, TYPE_FIELDS)
    require(user, Operation.EDIT, inspection_type)
    previous = InspectionType.objects.get(pk=inspection_type.pk).periodicity_months
    for name, value in fields.items():
        setattr(inspection_type, name, value)
    inspection_type.full_clean()
    _check_periodicity(inspection_type)
    inspection_type.save()
    if inspection_type.periodicity_months != previous:
        event_record(
            actor=user,
            target=inspection_type,
            verb=gettext_noop("Periodicity changed"),
            detail=(
                f"{previous} → {inspection_type.periodicity_months} · {inspection_type.periodicity_reason}"
            ),
        )
        for line in inspection_type.schedule_lines.filter(periodicity_months=previous).select_related(
            "equipment"
        ):
            line.periodicity_months = inspection_type.periodicity_months
            if line.last_done_on is not None:
                line.next_due_on = calculations.next_due_on(line.last_done_on, line.periodicity_months)
            line.save(update_fields=["periodicity_months", "next_due_on", "updated_at"])
    if not inspection_type.is_active:
        return inspection_type
    for equipment in Equipment.objects.filter(kind=inspection_type.kind):
        schedule_generate(equipment=equipment)
    return inspection_type


# --- Equipment and schedule --------------------------------------------------------------------


def schedule_generate(*, equipment: Equipment, today: date | None = None) -> int:
    """Add the inspections the catalogue requires for ``equipment`` that it does not have yet
    (idempotent: existing lines, their dates and decisions are kept). Returns how many were added."""
    today = today or _today()
    present = set(equipment.schedule_lines.values_list("inspection_type_id", flat=True))
    created = 0
    for inspection_type in InspectionType.objects.filter(kind_id=equipment.kind_id, is_active=True):
        if inspection_type.pk in present:
            continue
        line = InspectionSchedule(
            equipment=equipment,
            inspection_type=inspection_type,
            periodicity_months=inspection_type.periodicity_months,
            next_due_on=calculations.first_due_on(
                last_done_on=None,
                commissioned_on=equipment.commissioned_on,
                periodicity_months=inspection_type.periodicity_months,
                today=today,
            ),
        )
        line.full_clean()
        line.save()
        created += 1
    return created


def _check_equipment(equipment: Equipment) -> None:
    if equipment.work_unit_id and equipment.work_unit.site_id != equipment.site_id:
        raise ValidationError({"work_unit": _("This work unit belongs to another site.")})
    if equipment.commissioned_on and equipment.commissioned_on > _today():
        raise ValidationError({"commissioned_on": _("The commissioning date cannot be in the future.")})


@transaction.atomic
def equipment_create(*, user: Any, site: Any, kind: EquipmentKind, name: str, **fields: Any) -> Equipment:
    """Declare a piece of equipment and schedule the inspections its kind requires."""
    _check_fields(fields, EQUIPMENT_FIELDS)
    require(user, Operation.CREATE, Equipment, site_id=site.pk)
    equipment = Equipment(site=site, kind=kind, name=(name or "").strip(), created_by=user, **fields)
    equipment.full_clean()
    _check_equipment(equipment)
    equipment.save()
    added = schedule_generate(equipment=equipment)
    event_record(
        actor=user,
        target=equipment,
        verb=gettext_noop("Equipment declared"),
        detail=_("%(count)s inspection(s) scheduled") % {"count": added},
    )
    return equipment


@transaction.atomic
def equipment_update(*, user: Any, equipment: Equipment, **fields: Any) -> Equipment:
    """Change a piece of equipment; a new kind schedules its inspections and sets aside those of the
    former kind (deleted when never done, marked not required otherwise)."""
    _check_fields(fields, EQUIPMENT_FIELDS)
    # Rights are checked on the record as stored: a form may have changed the instance already.
    stored = Equipment.objects.select_related("site").get(pk=equipment.pk)
    require(user, Operation.EDIT, stored)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != stored.site_id:
        require(user, Operation.CREATE, Equipment, site_id=new_site.pk)
    previous_kind = stored.kind_id
    for name, value in fields.items():
        setattr(equipment, name, value)
    equipment.full_clean()
    _check_equipment(equipment)
    equipment.save()
    if equipment.kind_id != previous_kind:
        stale = equipment.schedule_lines.exclude(inspection_type__kind_id=equipment.kind_id)
        for line in stale:
            if line.visits.exists():
                # Saved one by one so that the change is in each line's history.
                line.is_required = False
                line.not_required_reason = _("The kind of equipment changed.")
                line.save()
            else:
                line.delete()
    schedule_generate(equipment=equipment)
    return equipment


@transaction.atomic
def equipment_regenerate(*, user: Any, equipment: Equipment) -> int:
    """Schedule the catalogue's inspections missing on ``equipment`` (types added since)."""
    require(user, Operation.EDIT, equipment)
    return schedule_generate(equipment=equipment)


@transaction.atomic
def schedule_set_not_required(*, user: Any, line: InspectionSchedule, reason: str) -> InspectionSchedule:
    """Mark an inspection not required for this equipment; the justification is mandatory."""
    require(user, Operation.EDIT, line)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the justification for not requiring this inspection (it will be audited).")}
        )
    line.is_required = False
    line.not_required_reason = reason
    line.full_clean()
    line.save()
    event_record(actor=user, target=line, verb=gettext_noop("Inspection marked not required"), detail=reason)
    return line


@transaction.atomic
def schedule_set_required(*, user: Any, line: InspectionSchedule) -> InspectionSchedule:
    require(user, Operation.EDIT, line)
    line.is_required = True
    line.not_required_reason = ""
    line.save()
    event_record(actor=user, target=line, verb=gettext_noop("Inspection required again"))
    return line


@transaction.atomic
def schedule_update(
    *,
    user: Any,
    line: InspectionSchedule,
    periodicity_months: int | None = None,
    extension_reason: str | None = None,
    last_done_on: date | None = None,
) -> InspectionSchedule:
    """Change the periodicity of one line (longer than the type's only within the adjustment the
    text allows, with a reason) or record the date of the last inspection done before the register
    existed; the next due date follows."""
    require(user, Operation.EDIT, line)
    inspection_type = line.inspection_type
    if periodicity_months is not None:
        if not calculations.periodicity_allowed(
            periodicity_months, inspection_type.periodicity_months, inspection_type.max_periodicity_months
        ):
            longest = max(inspection_type.periodicity_months, inspection_type.max_periodicity_months or 0)
            raise ValidationError(
                {
                    "periodicity_months": _(
                        "This inspection cannot be spaced more than %(months)s months apart."
                    )
                    % {"months": longest}
                }
            )
        if extension_reason is not None:
            line.extension_reason = extension_reason.strip()
        if periodicity_months > inspection_type.periodicity_months and not line.extension_reason:
            raise ValidationError(
                {
                    "extension_reason": _(
                        "Say why the extended periodicity applies (e.g. previous report without "
                        "observation, labour inspector informed)."
                    )
                }
            )
        if periodicity_months <= inspection_type.periodicity_months:
            line.extension_reason = ""
        line.periodicity_months = periodicity_months
    if last_done_on is not None:
        if last_done_on > _today():
            raise ValidationError(
                {"last_done_on": _("The date of the last inspection cannot be in the future.")}
            )
        line.last_done_on = last_done_on
    if line.last_done_on is not None:
        line.next_due_on = calculations.next_due_on(line.last_done_on, line.periodicity_months)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def equipment_import(*, user: Any, rows: list[Any]) -> dict[str, int]:
    """Declare every row of a checked register file (see ``importing.read``) and schedule its
    inspections; a row's last inspection date, when given, dates every inspection of the row.
    All or nothing. Returns counts."""
    equipment_count = line_count = 0
    for row in rows:
        equipment = equipment_create(
            user=user,
            site=row.site,
            kind=row.kind,
            name=row.name,
            identifier=row.identifier,
            location=row.location,
            commissioned_on=row.commissioned_on,
            quantity=row.quantity,
        )
        equipment_count += 1
        for line in equipment.schedule_lines.select_related("inspection_type"):
            line_count += 1
            if row.last_done_on is not None:
                schedule_update(user=user, line=line, last_done_on=row.last_done_on)
    return {"equipment": equipment_count, "inspections": line_count}


# --- Visits and observations -------------------------------------------------------------------


def _clean_observations(observations: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for item in observations or []:
        text = (item.get("text") or "").strip()
        if not text:
            continue
        severity = item.get("severity") or ObservationSeverity.MINOR
        if severity not in ObservationSeverity.values:
            raise ValidationError({"observations": _("Unknown observation severity.")})
        cleaned.append({"text": text, "severity": severity})
    return cleaned


@transaction.atomic
def visit_record(
    *,
    user: Any,
    schedule: InspectionSchedule,
    performed_on: date,
    body: str,
    result: str,
    inspector_name: str = "",
    report_reference: str = "",
    comment: str = "",
    observations: list[dict[str, Any]] | None = None,
    report: UploadedFile | None = None,
) -> InspectionVisit:
    """Record an inspection: its next due date is ``performed_on`` + the line's periodicity, moved
    onto the line when it is the latest visit; an unsafe result forbids the use of the equipment
    until a later satisfactory inspection. The report, when given, is attached to the visit."""
    line = (
        InspectionSchedule.objects.select_for_update(of=("self",))
        .select_related("equipment__site", "equipment__responsible__user", "inspection_type")
        .get(pk=schedule.pk)
    )
    require(user, Operation.CREATE, InspectionVisit, site_id=line.equipment.site_id)
    errors: dict[str, Any] = {}
    if not line.is_required:
        raise ValidationError(
            _("This inspection is marked not required: mark it required again before recording a visit.")
        )
    if performed_on > _today():
        errors["performed_on"] = _("The inspection date cannot be in the future.")
    elif line.equipment.commissioned_on and performed_on < line.equipment.commissioned_on:
        errors["performed_on"] = _(
            "The inspection cannot be dated before the commissioning of the equipment (%(date)s)."
        ) % {"date": line.equipment.commissioned_on.strftime("%d/%m/%Y")}
    if not (body or "").strip():
        errors["body"] = _("Name the inspection body (or the competent person's company).")
    if result not in VisitResult.values:
        errors["result"] = _("Choose the result of the inspection.")
    cleaned = _clean_observations(observations or [])
    if result in (VisitResult.OBSERVATIONS, VisitResult.UNSAFE) and not cleaned:
        errors["observations"] = _(
            "A report with observations or found unsafe needs at least one observation."
        )
    if errors:
        raise ValidationError(errors)
    visit = InspectionVisit(
        schedule=line,
        performed_on=performed_on,
        body=body.strip(),
        inspector_name=inspector_name.strip(),
        result=result,
        report_reference=report_reference.strip(),
        comment=comment,
        next_due_on=calculations.next_due_on(performed_on, line.periodicity_months),
        created_by=user,
    )
    visit.full_clean(exclude=["reference"])
    visit.reference = next_reference("VP", _today().year)
    visit.save()
    for item in cleaned:
        Observation.objects.create(visit=visit, text=item["text"], severity=item["severity"])
    is_latest = line.last_done_on is None or performed_on >= line.last_done_on
    if is_latest:
        line.last_done_on = performed_on
        line.next_due_on = visit.next_due_on
        line.save(update_fields=["last_done_on", "next_due_on", "updated_at"])
        equipment = line.equipment
        forbidden = result == VisitResult.UNSAFE
        if equipment.is_use_forbidden != forbidden:
            equipment.is_use_forbidden = forbidden
            equipment.save(update_fields=["is_use_forbidden", "updated_at"])
            event_record(
                actor=user,
                target=equipment,
                verb=gettext_noop("Use forbidden after an unsafe inspection")
                if forbidden
                else gettext_noop("Use allowed again after inspection"),
                detail=visit.reference,
            )
    if report is not None:
        core_services.attachment_add(
            user=user, target=visit, upload=report, description=_("Inspection report")
        )
    event_record(
        actor=user,
        target=line,
        verb=gettext_noop("Inspection recorded"),
        detail=f"{visit.reference} · {body}",
    )
    event_record(
        actor=user, target=visit, verb=gettext_noop("Inspection recorded"), detail=visit.get_result_display()
    )
    if result == VisitResult.UNSAFE:
        _notify_unsafe(user=user, visit=visit)
    return visit


def _notify_unsafe(*, user: Any, visit: InspectionVisit) -> None:
    responsible = visit.schedule.equipment.responsible
    recipient = getattr(responsible, "user", None)
    if recipient is None or recipient == user:
        return
    notification_send(
        recipient=recipient,
        subject=_("Equipment found unsafe: %(equipment)s") % {"equipment": visit.schedule.equipment},
        body=_("Inspection %(reference)s: stop using it until the observations are remedied.")
        % {"reference": visit.reference},
        url=visit.get_absolute_url(),
        kind="inspection_unsafe",
        dedup_key=f"inspection-unsafe-{visit.pk}",
    )


@transaction.atomic
def observation_add(*, user: Any, visit: InspectionVisit, text: str, severity: str) -> Observation:
    require(user, Operation.EDIT, visit)
    cleaned = _clean_observations([{"text": text, "severity": severity}])
    if not cleaned:
        raise ValidationError({"text": _("Write the observation.")})
    observation = Observation(visit=visit, **cleaned[0])
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_create_action(
    *,
    user: Any,
    observation: Observation,
    owner: Any,
    due_on: date | None = None,
    title: str = "",
) -> Observation:
    """Open the corrective action that remedies an observation (one open action per observation);
    due by default in 7, 30 or 90 days for a critical, major or minor observation."""
    observation = (
        Observation.objects.select_for_update(of=("self",))
        .select_related("visit__schedule__equipment__site", "visit__schedule__inspection_type", "action")
        .get(pk=observation.pk)
    )
    require(user, Operation.VIEW, observation)
    if observation.action is not None and observation.action.status != ActionStatus.CANCELLED:
        raise ValidationError(
            _("An action is already open for this observation (%(reference)s).")
            % {"reference": observation.action.reference}
        )
    if owner is None:
        raise ValidationError({"owner": _("Choose who is in charge of the action.")})
    visit = observation.visit
    equipment = visit.schedule.equipment
    if due_on is not None and due_on < _today():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    default_title = _("Remedy the observation on %(equipment)s: %(text)s") % {
        "equipment": equipment.name,
        "text": observation.text,
    }
    observation.action = action_services.action_create(
        user=user,
        title=((title or "").strip() or default_title)[:255],
        description=_("Inspection %(reference)s by %(body)s on %(date)s (%(inspection)s): %(text)s")
        % {
            "reference": visit.reference,
            "body": visit.body,
            "date": visit.performed_on.strftime("%d/%m/%Y"),
            "inspection": visit.schedule.inspection_type.title,
            "text": observation.text,
        },
        owner=owner,
        due_on=due_on or _today() + timedelta(days=ACTION_DELAY_DAYS[observation.severity]),
        type=ActionType.CORRECTIVE,
        priority=ACTION_PRIORITY[observation.severity],
        origin=observation,
        site=equipment.site,
    )
    observation.save(update_fields=["action", "updated_at"])
    event_record(
        actor=user,
        target=visit,
        verb=gettext_noop("Action opened for an observation"),
        detail=observation.action.reference,
    )
    return observation


# --- Reminders ---------------------------------------------------------------------------------


def inspection_reminders_send(*, today: date | None = None, window_days: int = DUE_SOON_DAYS) -> int:
    """Notify the responsible of each piece of equipment in service whose required inspections are
    due within ``window_days`` days or overdue; once per line, kind (due soon, overdue) and due date.
    Returns the number sent."""
    today = today or _today()
    candidates = (
        InspectionSchedule.objects.filter(
            is_required=True,
            equipment__is_in_service=True,
            next_due_on__lte=today + timedelta(days=window_days),
            equipment__responsible__user__isnull=False,
            equipment__responsible__user__is_active=True,
        )
        .select_related("equipment__responsible__user", "equipment__site", "inspection_type")
        .order_by("next_due_on", "pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for line in candidates.iterator(chunk_size=1000):
            kind = calculations.schedule_status(line.next_due_on, today, window_days=window_days)
            due = date_format(line.next_due_on, "SHORT_DATE_FORMAT")
            what = f"{line.inspection_type.title} – {line.equipment} ({line.equipment.site})"
            if kind == calculations.OVERDUE:
                subject = _("Overdue inspection: %(inspection)s") % {"inspection": what}
                body = _("This inspection was due on %(due)s.") % {"due": due}
            else:
                subject = _("Inspection due soon: %(inspection)s") % {"inspection": what}
                body = _("This inspection is due on %(due)s.") % {"due": due}
            notification = notification_send(
                recipient=line.equipment.responsible.user,
                subject=subject[:255],
                body=body,
                url=line.get_absolute_url(),
                kind=f"inspection_{kind}",
                dedup_key=f"inspection-reminder:{line.pk}:{kind}:{line.next_due_on.isoformat()}",
            )
            sent += notification is not None
    return sent

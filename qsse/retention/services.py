"""Writes of the retention app: record types, flagging and executing purges, subject access
requests, inventory notes. Only the administrator and the QSSE manager may call them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qsse.core.choices import Operation, Role
from qsse.core.models import Attachment
from qsse.core.numbering import next_reference
from qsse.core.services import notification_send

from . import calculations, selectors
from .choices import EndAction, PurgeStatus
from .models import InventoryNote, PurgeOperation, RecordType, SubjectAccessRequest

RECORD_TYPE_FIELDS = frozenset(
    {
        "code",
        "name_fr",
        "name_en",
        "provider_key",
        "period_years",
        "period_months",
        "reference_event",
        "rounding",
        "end_action",
        "legal_basis",
        "legal_reference",
        "source_url",
        "to_verify",
        "notes",
        "is_active",
    }
)


def _check_end_action(record_type: RecordType) -> None:
    if record_type.provider_key and record_type.provider_key not in selectors.retention_providers:
        raise ValidationError({"provider_key": _("No module declares these records.")})
    provider = selectors.provider_for(record_type)
    if provider is None:
        return
    if record_type.end_action == EndAction.ANONYMISE and provider.anonymise is None:
        raise ValidationError({"end_action": _("These records cannot be anonymised: choose another action.")})
    if record_type.end_action == EndAction.DESTROY and provider.delete is None:
        raise ValidationError(
            {
                "end_action": _(
                    "These records cannot be deleted (other records point at them): anonymise them."
                )
            }
        )


def _save(record_type: RecordType, user: Any) -> RecordType:
    record_type.full_clean()
    _check_end_action(record_type)
    record_type._history_user = user if getattr(user, "is_authenticated", False) else None
    record_type.save()
    return record_type


@transaction.atomic
def record_type_create(*, user: Any, **fields: Any) -> RecordType:
    selectors.require_manager(user, Operation.CREATE)
    unknown = set(fields) - RECORD_TYPE_FIELDS
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    return _save(RecordType(**fields), user)


@transaction.atomic
def record_type_update(*, user: Any, record_type: RecordType, **fields: Any) -> RecordType:
    selectors.require_manager(user, Operation.EDIT)
    unknown = set(fields) - RECORD_TYPE_FIELDS
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(record_type, name, value)
    return _save(record_type, user)


def _today() -> date:
    return timezone.localdate()


def _managers():
    """Active user accounts of the administrators and QSSE managers."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(person__role__in=(Role.ADMINISTRATOR, Role.QSSE_MANAGER), person__is_active=True),
            is_active=True,
        )
        .distinct()
    )


@transaction.atomic
def purge_flag(
    *, record_type: RecordType, today: date | None = None, user: Any = None
) -> PurgeOperation | None:
    """Flag the records of ``record_type`` past their retention: one pending operation per type,
    refreshed (count, limit date) at each run; cancelled when none is left. Returns the pending
    operation, or None. Archive types are never flagged (archiving is done outside)."""
    if user is not None:
        selectors.require_manager(user, Operation.EDIT)
    today = today or _today()
    pending = (
        PurgeOperation.objects.select_for_update()
        .filter(record_type=record_type, status=PurgeStatus.FLAGGED)
        .first()
    )
    due = selectors.due_count(record_type, today)
    count = (
        0 if due is None or not record_type.is_active or record_type.end_action == EndAction.ARCHIVE else due
    )
    if not count:
        if pending is not None:
            pending.status = PurgeStatus.CANCELLED
            pending.save()
        return None
    cutoff = calculations.latest_reference_past_retention(record_type.period, today)
    if pending is None:
        pending = PurgeOperation(
            reference=next_reference("PUR", today.year),
            record_type=record_type,
            provider_key=record_type.provider_key,
        )
    pending.action = record_type.end_action
    pending.cutoff_on = cutoff
    pending.flagged_on = today
    pending.flagged_count = count
    pending.full_clean()
    pending.save()
    return pending


def purge_flag_all(*, today: date | None = None) -> int:
    """Flag every record type with records past retention and tell the administrators and QSSE
    managers once per operation and count. Returns the number of pending operations."""
    today = today or _today()
    pending = []
    for record_type in RecordType.objects.filter(is_active=True).exclude(provider_key=""):
        operation = purge_flag(record_type=record_type, today=today)
        if operation is not None:
            pending.append(operation)
    with translation.override(settings.LANGUAGE_CODE):
        for operation in pending:
            for recipient in _managers():
                notification_send(
                    recipient=recipient,
                    subject=_("%(count)s records past their retention: %(type)s")
                    % {"count": operation.flagged_count, "type": operation.record_type.name},
                    body=_("Review them and confirm their %(action)s.")
                    % {"action": operation.get_action_display()},
                    url=operation.get_absolute_url(),
                    kind="retention_flagged",
                    dedup_key=f"retention:{operation.pk}:{operation.flagged_count}",
                )
    return len(pending)


ATTACHMENT_CHUNK = 2000


def _purge_attachments(model: Any, pks: list[int]) -> dict[int, int]:
    """Delete the attachments of the purged records (a file attached to a record holding personal
    data holds it too, whatever the end action): their rows now, inside the purge's transaction,
    their files once it is committed (a rolled-back purge keeps them). Returns the number of
    attachments deleted per record."""
    content_type = ContentType.objects.get_for_model(model)
    found: list[tuple[int, int, str]] = []
    for start in range(0, len(pks), ATTACHMENT_CHUNK):
        found += Attachment.objects.filter(
            content_type=content_type, object_id__in=pks[start : start + ATTACHMENT_CHUNK]
        ).values_list("pk", "object_id", "file")
    if not found:
        return {}
    per_record: dict[int, int] = {}
    for _pk, object_id, _name in found:
        per_record[object_id] = per_record.get(object_id, 0) + 1
    ids = [pk for pk, _object_id, _name in found]
    for start in range(0, len(ids), ATTACHMENT_CHUNK):
        Attachment.objects.filter(pk__in=ids[start : start + ATTACHMENT_CHUNK]).delete()
    storage = Attachment._meta.get_field("file").storage
    names = [name for _pk, _object_id, name in found if name]

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return per_record


@transaction.atomic
def purge_execute(*, user: Any, operation: PurgeOperation, today: date | None = None) -> PurgeOperation:
    """Anonymise or delete the records of a flagged operation that are past retention today, in one
    transaction, and keep the trace: who, when, how many, their identifiers and fingerprints."""
    selectors.require_manager(user, Operation.DELETE)
    operation = PurgeOperation.objects.select_for_update().select_related("record_type").get(pk=operation.pk)
    if operation.status != PurgeStatus.FLAGGED:
        raise ValidationError(_("This operation is not awaiting confirmation."))
    today = today or _today()
    record_type = operation.record_type
    provider = selectors.provider_for(record_type)
    due = selectors.due_records(record_type, today)
    if provider is None or due is None:
        raise ValidationError(_("No module declares these records any more."))
    if record_type.end_action != operation.action:
        raise ValidationError(
            _("The end action of the record type changed since the records were flagged: flag them again.")
        )
    handler = provider.anonymise if operation.action == EndAction.ANONYMISE else provider.delete
    if handler is None:
        raise ValidationError(_("These records cannot be processed this way."))
    records = list(due)
    pks = [record.pk for record in records]
    attachments = _purge_attachments(due.model, pks) if pks else {}
    identifiers = []
    for record in records:
        entry = {
            "id": provider.identify(record),
            "fingerprint": calculations.record_fingerprint(provider.key, record.pk),
        }
        if attachments.get(record.pk):
            entry["attachments"] = attachments[record.pk]
        identifiers.append(entry)
    queryset = provider.queryset().filter(pk__in=pks)
    done = handler(queryset, user) if pks else 0
    operation.status = PurgeStatus.DONE
    operation.confirmed_by = user
    operation.executed_at = timezone.now()
    operation.executed_count = done
    operation.identifiers = identifiers
    operation.cutoff_on = calculations.latest_reference_past_retention(record_type.period, today)
    operation._history_user = user
    operation.save()
    return operation


@transaction.atomic
def purge_cancel(*, user: Any, operation: PurgeOperation) -> PurgeOperation:
    selectors.require_manager(user, Operation.EDIT)
    if operation.status != PurgeStatus.FLAGGED:
        raise ValidationError(_("This operation is not awaiting confirmation."))
    operation.status = PurgeStatus.CANCELLED
    operation.confirmed_by = user
    operation.executed_at = timezone.now()
    operation._history_user = user
    operation.save()
    return operation


@transaction.atomic
def subject_access_record(
    *, user: Any, person: Any, received_on: date, notes: str = ""
) -> tuple[SubjectAccessRequest, list[selectors.SubjectSection]]:
    """Gather every record holding the person's data and log the request (who, when, how many
    records from which source — not the data)."""
    selectors.require_manager(user, Operation.CREATE)
    sections = selectors.subject_data(person)
    request = SubjectAccessRequest(
        reference=next_reference("DAC", received_on.year),
        person=person,
        received_on=received_on,
        notes=notes,
        requested_by=user,
        record_count=sum(len(section.records) for section in sections),
        sources={section.key: len(section.records) for section in sections},
    )
    request.full_clean()
    request._history_user = user
    request.save()
    return request, sections


@transaction.atomic
def inventory_note_update(*, user: Any, provider_key: str, notes: str) -> InventoryNote:
    selectors.require_manager(user, Operation.EDIT)
    if provider_key not in selectors.retention_providers:
        raise ValidationError(_("No module declares these records."))
    note, _created = InventoryNote.objects.get_or_create(provider_key=provider_key)
    note.notes = notes.replace("\r\n", "\n").strip()  # a browser's textarea sends CRLF
    note.full_clean()
    note._history_user = user
    note.save()
    return note

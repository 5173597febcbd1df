"""Writes shared by every domain: attachments, comments, business events, notifications."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import Operation
from .models import Attachment, BusinessEvent, Comment, Notification
from .permissions import require

logger = logging.getLogger(__name__)

# Accepted evidence: extension -> leading bytes that the file must start with (None: plain text).
ALLOWED_ATTACHMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".msg": (b"\xd0\xcf\x11\xe0",),
    ".txt": None,
    ".csv": None,
}
MIME_BY_EXTENSION = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".msg": "application/vnd.ms-outlook",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def validate_attachment(upload: UploadedFile) -> str:
    """Check size, extension and content of an upload; return its extension or raise ValidationError."""
    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="too_large",
        )
    if extension not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted types: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(sorted(ALLOWED_ATTACHMENT_TYPES))},
            code="bad_type",
        )
    signatures = ALLOWED_ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if signatures is None:
        if b"\x00" in head:
            raise ValidationError(_("The file content does not match its extension."), code="bad_content")
    elif not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(_("The file content does not match its extension."), code="bad_content")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    return extension


@transaction.atomic
def attachment_add(*, user: Any, target: Model, upload: UploadedFile, description: str = "") -> Attachment:
    require(user, Operation.EDIT, target)
    extension = validate_attachment(upload)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        original_name=upload.name[:255],
        size=upload.size,
        mime_type=MIME_BY_EXTENSION[extension],
        description=description,
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    event_record(
        actor=user, target=target, verb=gettext_noop("Attachment added"), detail=attachment.original_name
    )
    return attachment


@transaction.atomic
def attachment_delete(*, user: Any, attachment: Attachment) -> None:
    target = attachment.content_object
    require(user, Operation.EDIT, target)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    event_record(actor=user, target=target, verb=gettext_noop("Attachment removed"), detail=name)


@transaction.atomic
def comment_add(*, user: Any, target: Model, body: str) -> Comment:
    require(user, Operation.VIEW, target)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("The comment is empty.")})
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, author=user, body=body
    )


def _checked_verb(verb: str) -> str:
    """A verb longer than the column is a programming error: refused here on every database (SQLite
    would store it, PostgreSQL refuses the whole transaction)."""
    limit = BusinessEvent._meta.get_field("verb").max_length
    if len(verb) > limit:
        raise ValueError(f"Business event verb longer than {limit} characters: {verb!r}")
    return verb


def event_record(*, actor: Any, target: Model, verb: str, detail: str = "") -> BusinessEvent:
    """Write a business event. ``verb`` is an English msgid (marked with gettext_noop by the caller)."""
    return BusinessEvent.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        verb=_checked_verb(verb),
        detail=detail,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


def events_record(*, actor: Any, targets: list[Model], verb: str, detail: str = "") -> int:
    """The same business event on each of ``targets`` (records of one model), in one bulk insert:
    what a purge or an import of thousands of records writes. Returns the number of events."""
    if not targets:
        return 0
    content_type = ContentType.objects.get_for_model(targets[0])
    author = actor if actor is not None and actor.is_authenticated else None
    verb = _checked_verb(verb)
    events = [
        BusinessEvent(content_type=content_type, object_id=target.pk, verb=verb, detail=detail, actor=author)
        for target in targets
    ]
    BusinessEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def notification_send(
    *, recipient: Any, subject: str, body: str = "", url: str = "", kind: str = "", dedup_key: str = ""
) -> Notification | None:
    """Notify a user in the application and by e-mail. With ``dedup_key``, never twice for the same key."""
    if recipient is None or not recipient.is_active:
        return None
    if dedup_key and Notification.objects.filter(recipient=recipient, dedup_key=dedup_key).exists():
        return None
    notification = Notification.objects.create(
        recipient=recipient, subject=subject, body=body, url=url, kind=kind, dedup_key=dedup_key
    )
    if recipient.email:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
        transaction.on_commit(lambda: _send_email(subject, f"{body}\n\n{link}".strip(), recipient.email))
    return notification


def _send_email(subject: str, message: str, address: str) -> None:
    """Send a notification e-mail; a mail server failure never breaks the user's action (it is logged)."""
    try:
        send_mail(subject, message, None, [address])
    except Exception:  # noqa: BLE001 - SMTP and socket errors of every kind
        logger.exception("Notification e-mail to %s could not be sent", address)

"""Every write of document control: one transaction each, permission checked, business events
recorded. Pages, API, commands and the demo all go through these functions."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.choices import Operation
from qsse.core.permissions import require, user_person
from qsse.core.services import MIME_BY_EXTENSION, event_record, notification_send, validate_attachment

from . import access, calculations
from .choices import (
    READ_REMINDER_DAYS,
    REVIEW_SOON_DAYS,
    SECTION_KEYS,
    SIGNATURE_LOCK_MINUTES,
    SIGNATURE_MAX_FAILURES,
    CodeSource,
    ContentKind,
    DocumentStatus,
    SignatureMeaning,
    VersionStatus,
)
from .models import (
    Document,
    DocumentType,
    DocumentVersion,
    DownloadLog,
    ReadRequest,
    ReferenceSequence,
    Signature,
    SignatureAttempt,
)

UPLOAD_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pptx"}


# --- References ------------------------------------------------------------------------------------


def reference_code(document_type: DocumentType, process: Any, department: Any) -> str:
    """The middle part of a reference: the process code or the department's initials, per the type."""
    if document_type.code_source == CodeSource.PROCESS and process is not None:
        return slugify(process.code).replace("-", "").upper()[:8]
    if document_type.code_source == CodeSource.DEPARTMENT and department is not None:
        return slugify(department.name).replace("-", "").upper()[:3]
    return ""


def next_document_reference(document_type: DocumentType, code: str) -> str:
    """Reserve the next reference of the series (locked inside the caller's transaction)."""
    key = calculations.reference_counter_key(document_type.prefix, code)
    with transaction.atomic():
        ReferenceSequence.objects.bulk_create([ReferenceSequence(key=key)], ignore_conflicts=True)
        sequence = ReferenceSequence.objects.select_for_update().get(key=key)
        while True:
            sequence.last_number += 1
            reference = calculations.format_reference(
                document_type.prefix, code, sequence.last_number, document_type.number_digits
            )
            if not Document.objects.filter(reference=reference).exists():
                break
        sequence.save(update_fields=["last_number"])
    return reference


# --- Documents -------------------------------------------------------------------------------------

DOCUMENT_FIELDS = (
    "title",
    "document_type",
    "owner",
    "process",
    "department",
    "confidentiality",
    "content_kind",
    "review_months",
    "distribution_roles",
    "paper_location",
    "paper_reference",
)
DOCUMENT_M2M = ("sites", "granted_people", "distribution_people", "distribution_sites")


@transaction.atomic
def document_create(
    *, user: Any, document_type: DocumentType, title: str, owner: Any, **fields: Any
) -> Document:
    """Create a document with its first version (1.0, draft) and its reference (``PRO-QUA-012``)."""
    require(user, Operation.CREATE, Document)
    m2m = {name: fields.pop(name) for name in DOCUMENT_M2M if name in fields}
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields {sorted(unknown)}")
    fields.setdefault("review_months", document_type.review_months)
    fields.setdefault("content_kind", ContentKind.WRITTEN if document_type.is_written else ContentKind.FILE)
    document = Document(document_type=document_type, title=title, owner=owner, created_by=user, **fields)
    code = reference_code(document_type, document.process, document.department)
    document.reference = next_document_reference(document_type, code)
    document.full_clean()
    document.save()
    for name, values in m2m.items():
        getattr(document, name).set(values)
    DocumentVersion.objects.create(document=document, major=1, minor=0, is_major=True, created_by=user)
    event_record(
        actor=user, target=document, verb=gettext_noop("Document created"), detail=document.reference
    )
    return document


@transaction.atomic
def document_update(*, user: Any, document: Document, **fields: Any) -> Document:
    """Change a document's description (type and reference stay)."""
    access.require_edit(user, document)
    m2m = {name: fields.pop(name) for name in DOCUMENT_M2M if name in fields}
    for name, value in fields.items():
        if name not in DOCUMENT_FIELDS or name == "document_type":
            raise TypeError(f"Field {name} cannot be changed")
        setattr(document, name, value)
    document.full_clean()
    document.save()
    for name, values in m2m.items():
        getattr(document, name).set(values)
    return document


# --- Versions --------------------------------------------------------------------------------------


def _require_status(version: DocumentVersion, *statuses: str) -> None:
    if version.status not in statuses:
        raise ValidationError(
            _("This is not possible for a version in the status “%(status)s”.")
            % {"status": version.get_status_display()},
            code="status",
        )


def _store_file(version: DocumentVersion, upload: UploadedFile) -> None:
    extension = validate_attachment(upload)
    if extension not in UPLOAD_EXTENSIONS:
        raise ValidationError({"file": _("Upload a PDF, Word, Excel or OpenDocument file.")}, code="bad_type")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    version.file.save(upload.name, upload, save=False)
    version.file_name = upload.name[:255]
    version.file_size = upload.size
    version.file_mime = MIME_BY_EXTENSION[extension]
    version.file_sha256 = digest.hexdigest()


@transaction.atomic
def version_update(
    *,
    user: Any,
    version: DocumentVersion,
    sections: dict[str, str] | None = None,
    change_description: str | None = None,
    is_major: bool | None = None,
    reviewers: Any = None,
    approvers: Any = None,
    upload: UploadedFile | None = None,
) -> DocumentVersion:
    """Write a draft: its sections (or its file), change description, reviewers and approvers."""
    access.require_edit(user, version.document)
    _require_status(version, VersionStatus.DRAFT)
    for key, value in (sections or {}).items():
        if key not in SECTION_KEYS:
            raise TypeError(f"Unknown section {key}")
        setattr(version, key, value or "")
    if change_description is not None:
        version.change_description = change_description
    if is_major is not None and (version.major, version.minor) != (1, 0):
        version.is_major = bool(is_major)
    if upload is not None:
        _store_file(version, upload)
    version.full_clean()
    version.save()
    if reviewers is not None:
        version.reviewers.set(reviewers)
    if approvers is not None:
        version.approvers.set(approvers)
    return version


def open_version(document: Document) -> DocumentVersion | None:
    """The version being prepared (draft, in review or approved), if any."""
    return (
        document.versions.filter(
            status__in=[VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED]
        )
        .order_by("-major", "-minor")
        .first()
    )


@transaction.atomic
def version_create(
    *, user: Any, document: Document, is_major: bool, change_description: str = ""
) -> DocumentVersion:
    """Start a new version from the one in force (its content copied): ``2.0`` or ``1.1`` after ``1.0``."""
    access.require_edit(user, document)
    if open_version(document) is not None:
        raise ValidationError(
            _("A version is already being prepared for this document."), code="open_version"
        )
    base = document.current_version or document.versions.order_by("-major", "-minor").first()
    major, minor = calculations.next_version((base.major, base.minor) if base else None, is_major=is_major)
    version = DocumentVersion(
        document=document,
        major=major,
        minor=minor,
        is_major=is_major,
        change_description=change_description,
        created_by=user,
    )
    if base is not None:
        for key in SECTION_KEYS:
            setattr(version, key, getattr(base, key))
        for name in ("file", "file_name", "file_size", "file_mime", "file_sha256"):
            setattr(version, name, getattr(base, name))
    version.full_clean()
    version.save()
    if base is not None:
        version.reviewers.set(base.reviewers.all())
        version.approvers.set(base.approvers.all())
    event_record(
        actor=user,
        target=document,
        verb=gettext_noop("Version started"),
        detail=version.label,
    )
    return version


@transaction.atomic
def version_submit(*, user: Any, version: DocumentVersion) -> DocumentVersion:
    """Draft → in review: the content, a reviewer, an approver and (after 1.0) the change are required."""
    access.require_edit(user, version.document)
    _require_status(version, VersionStatus.DRAFT)
    missing = calculations.missing_for_review(
        has_content=version.has_content(),
        reviewer_count=version.reviewers.count(),
        approver_count=version.approvers.count(),
        change_description=version.change_description,
        is_first_version=(version.major, version.minor) == (1, 0),
    )
    messages = {
        "content": _("Write the content or upload the file first."),
        "reviewers": _("Choose at least one reviewer."),
        "approvers": _("Choose at least one approver."),
        "change_description": _("Describe what changes in this version."),
    }
    if missing:
        raise ValidationError([messages[code] for code in missing], code="incomplete")
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    event_record(
        actor=user, target=version.document, verb=gettext_noop("Sent for review"), detail=version.label
    )
    url = version.get_absolute_url()
    for person in version.reviewers.select_related("user"):
        notification_send(
            recipient=person.user,
            subject=_("Document to review: %(document)s") % {"document": str(version)},
            url=url,
            kind="document_review",
            dedup_key=f"doc-review-{version.pk}-{version.review_cycle}",
        )
    return version


def signature_lock_active(user: Any, now: Any = None) -> bool:
    """True after ``SIGNATURE_MAX_FAILURES`` wrong passwords within ``SIGNATURE_LOCK_MINUTES``."""
    now = now or timezone.now()
    since = now - timedelta(minutes=SIGNATURE_LOCK_MINUTES)
    recent = SignatureAttempt.objects.filter(user=user, attempted_at__gte=since).order_by(
        "-attempted_at", "-id"
    )
    failures = 0
    for attempt in recent[:SIGNATURE_MAX_FAILURES]:
        if attempt.succeeded:
            break
        failures += 1
    return failures >= SIGNATURE_MAX_FAILURES


def _signers(version: DocumentVersion, meaning: str) -> set[int]:
    return set(
        version.signatures.filter(review_cycle=version.review_cycle, meaning=meaning).values_list(
            "signer_id", flat=True
        )
    )


def signature_progress(version: DocumentVersion) -> tuple[bool, bool]:
    reviewer_users = version.reviewers.values_list("user_id", flat=True)
    approver_users = version.approvers.values_list("user_id", flat=True)
    return calculations.approval_state(
        reviewers=[uid for uid in reviewer_users if uid],
        approvers=[uid for uid in approver_users if uid],
        reviewed_by=_signers(version, SignatureMeaning.REVIEWED),
        approved_by=_signers(version, SignatureMeaning.APPROVED),
    )


def expected_meaning(user: Any, version: DocumentVersion) -> str | None:
    """What ``user`` may sign on this version now (reviewed, then approved), or None."""
    if version.status != VersionStatus.IN_REVIEW:
        return None
    person = user_person(user)
    if person is None:
        return None
    reviews_done, _approvals_done = signature_progress(version)
    if version.reviewers.filter(pk=person.pk).exists() and user.pk not in _signers(
        version, SignatureMeaning.REVIEWED
    ):
        return SignatureMeaning.REVIEWED
    if (
        reviews_done
        and version.approvers.filter(pk=person.pk).exists()
        and user.pk not in _signers(version, SignatureMeaning.APPROVED)
    ):
        return SignatureMeaning.APPROVED
    return None


def _record_attempt(
    user: Any, version: DocumentVersion, meaning: str, succeeded: bool, ip: str | None
) -> None:
    # Written outside the signing transaction so that a refused attempt stays in the trail.
    SignatureAttempt.objects.create(
        user=user, version=version, meaning=meaning, succeeded=succeeded, ip_address=ip or None
    )


def version_sign(
    *,
    user: Any,
    version: DocumentVersion,
    meaning: str,
    password: str,
    comment: str = "",
    ip_address: str | None = None,
) -> Signature:
    """Sign a version in review after re-entering one's password. A wrong password is refused and
    logged; five in a row lock signing for 30 minutes. The last approval makes the version approved."""
    if not access.version_visible(user, version):
        raise PermissionDenied
    if signature_lock_active(user):
        raise ValidationError(
            {
                "password": _("Too many wrong passwords: signing is locked for %(minutes)s minutes.")
                % {"minutes": SIGNATURE_LOCK_MINUTES}
            },
            code="locked",
        )
    if expected_meaning(user, version) != meaning:
        raise ValidationError(_("You cannot sign this version with this meaning now."), code="not_expected")
    if not password or not user.check_password(password):
        _record_attempt(user, version, meaning, False, ip_address)
        event_record(
            actor=user,
            target=version.document,
            verb=gettext_noop("Signature refused: wrong password"),
            detail=version.label,
        )
        raise ValidationError({"password": _("Wrong password: the signature is refused.")}, code="password")
    with transaction.atomic():
        version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        previous = version.signatures.order_by("-signed_at", "-id").first()
        person = user_person(user)
        signature = Signature(
            version=version,
            signer=user,
            signer_name=person.full_name if person else user.get_full_name() or user.get_username(),
            meaning=meaning,
            comment=comment[:500],
            signed_at=timezone.now().replace(microsecond=0),
            review_cycle=version.review_cycle,
            content_digest=version.content_digest(),
            previous_mac=previous.mac if previous else "",
        )
        signature.mac = calculations.signature_mac(_key(), signature.sealed_record())
        signature.save()
        _record_attempt(user, version, meaning, True, ip_address)
        event_record(
            actor=user,
            target=version.document,
            verb=gettext_noop("Electronic signature"),
            detail=f"{version.label} – {signature.get_meaning_display()} – {signature.signer_name}",
        )
        _reviews_done, approvals_done = signature_progress(version)
        if approvals_done:
            version.status = VersionStatus.APPROVED
            version.approved_at = signature.signed_at
            version.save(update_fields=["status", "approved_at", "updated_at"])
            event_record(
                actor=user, target=version.document, verb=gettext_noop("Approved"), detail=version.label
            )
    return signature


def _key() -> bytes:
    return settings.SECRET_KEY.encode("utf-8")


@transaction.atomic
def version_reject(*, user: Any, version: DocumentVersion, reason: str) -> DocumentVersion:
    """A reviewer, an approver or the editor sends the version back to draft; a new review cycle starts
    (the signatures given stay in the trail but no longer count)."""
    _require_status(version, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)
    person = user_person(user)
    is_signer = person is not None and (
        version.reviewers.filter(pk=person.pk).exists() or version.approvers.filter(pk=person.pk).exists()
    )
    if not (is_signer or access.can_edit(user, version.document)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the version is sent back.")})
    version.status = VersionStatus.DRAFT
    version.review_cycle += 1
    version.approved_at = None
    version.save(update_fields=["status", "review_cycle", "approved_at", "updated_at"])
    event_record(
        actor=user, target=version.document, verb=gettext_noop("Sent back to draft"), detail=reason.strip()
    )
    return version


def _distribution_people(document: Document):
    from qsse.organization.models import Person

    condition = Q(pk__in=document.distribution_people.values("pk"))
    if document.distribution_roles:
        condition |= Q(role__in=document.distribution_roles)
    site_ids = list(document.distribution_sites.values_list("pk", flat=True))
    if site_ids:
        condition |= Q(site_id__in=site_ids)
    return Person.objects.filter(condition, is_active=True).select_related("user").distinct()


@transaction.atomic
def version_publish(
    *, user: Any, version: DocumentVersion, effective_on: date | None = None, today: date | None = None
) -> DocumentVersion:
    """Approved → published: the version in force before becomes obsolete, the next periodic review is
    set and the distribution list is asked to read it (for a major change)."""
    document = version.document
    access.require_publish(user, document)
    _require_status(version, VersionStatus.APPROVED)
    now = timezone.now()
    today = today or timezone.localdate()
    previous = document.current_version
    if previous is not None and previous.pk != version.pk:
        previous.status = VersionStatus.OBSOLETE
        previous.obsolete_at = now
        previous.save(update_fields=["status", "obsolete_at", "updated_at"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = now
    version.effective_on = effective_on or today
    version.save(update_fields=["status", "published_at", "effective_on", "updated_at"])
    document.current_version = version
    document.status = DocumentStatus.IN_FORCE
    document.next_review_on = calculations.add_months(version.effective_on, document.review_months)
    document.save(update_fields=["current_version", "status", "next_review_on", "updated_at"])
    event_record(
        actor=user,
        target=document,
        verb=gettext_noop("Published"),
        detail=f"{previous.label} → {version.label}" if previous else version.label,
    )
    if version.is_major or previous is None:
        _send_read_requests(document, version, now)
    return version


def _send_read_requests(document: Document, version: DocumentVersion, now: Any) -> int:
    people = list(_distribution_people(document))
    ReadRequest.objects.bulk_create(
        [ReadRequest(version=version, person=person, requested_at=now) for person in people],
        ignore_conflicts=True,
    )
    url = version.get_absolute_url()
    for person in people:
        notification_send(
            recipient=person.user,
            subject=_("New version to read: %(document)s") % {"document": f"{document} v{version.label}"},
            url=url,
            kind="document_read",
            dedup_key=f"doc-read-{version.pk}",
        )
    return len(people)


@transaction.atomic
def document_withdraw(*, user: Any, document: Document, reason: str) -> Document:
    """Withdraw a document: its version in force is archived; nothing of it is in force any more."""
    access.require_publish(user, document)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    current = document.current_version
    if current is not None:
        current.status = VersionStatus.ARCHIVED
        current.obsolete_at = timezone.now()
        current.save(update_fields=["status", "obsolete_at", "updated_at"])
    document.current_version = None
    document.status = DocumentStatus.WITHDRAWN
    document.next_review_on = None
    document.save(update_fields=["current_version", "status", "next_review_on", "updated_at"])
    event_record(actor=user, target=document, verb=gettext_noop("Withdrawn"), detail=reason.strip())
    return document


@transaction.atomic
def review_record(*, user: Any, document: Document, today: date | None = None) -> Document:
    """The periodic review found the document still adequate: the next review date moves on."""
    access.require_edit(user, document)
    today = today or timezone.localdate()
    document.next_review_on = calculations.add_months(today, document.review_months)
    document.save(update_fields=["next_review_on", "updated_at"])
    event_record(
        actor=user, target=document, verb=gettext_noop("Periodic review: still adequate"), detail=str(today)
    )
    return document


# --- Reading and downloading ---------------------------------------------------------------------


@transaction.atomic
def read_acknowledge(*, user: Any, version: DocumentVersion) -> ReadRequest:
    """The reader confirms having read and understood the version in force."""
    person = user_person(user)
    if person is None or version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only the version in force can be acknowledged."))
    if not access.visible_documents(user).filter(pk=version.document_id).exists():
        raise PermissionDenied
    request, _created = ReadRequest.objects.get_or_create(
        version=version, person=person, defaults={"requested_at": timezone.now()}
    )
    if request.acknowledged_at is None:
        request.acknowledged_at = timezone.now()
        request.save(update_fields=["acknowledged_at"])
        event_record(
            actor=user,
            target=version.document,
            verb=gettext_noop("Read and acknowledged"),
            detail=version.label,
        )
    return request


def download_record(
    *, user: Any, version: DocumentVersion, what: str, ip_address: str | None = None, detail: str = ""
) -> None:
    """Log the download of a confidential document (who, when, which version, what: ``file``,
    ``preview``, ``pdf``, ``api`` or ``attachment`` with its name in ``detail``); others are not logged."""
    if version.document.is_confidential:
        DownloadLog.objects.create(
            version=version, user=user, what=what, detail=detail[:255], ip_address=ip_address or None
        )


# --- Reminders -------------------------------------------------------------------------------------


def document_reminders_send(today: date | None = None) -> int:
    """Remind readers of versions unread after 14 days (at most once a week each) and owners of
    periodic reviews due within 30 days or overdue (once per document and date). Returns the count."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    overdue_reads = ReadRequest.objects.filter(
        acknowledged_at__isnull=True,
        version__status=VersionStatus.PUBLISHED,
        requested_at__lt=now - timedelta(days=READ_REMINDER_DAYS),
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - timedelta(days=7)))
    for request in overdue_reads.select_related("person__user", "version__document"):
        version = request.version
        note = notification_send(
            recipient=request.person.user,
            subject=_("Reminder: please read %(document)s")
            % {"document": f"{version.document} v{version.label}"},
            url=version.get_absolute_url(),
            kind="document_read",
            dedup_key=f"doc-read-reminder-{request.pk}-{today.isoformat()}",
        )
        if note is not None:
            request.reminded_at = now
            request.save(update_fields=["reminded_at"])
            sent += 1
    due = Document.objects.filter(
        status=DocumentStatus.IN_FORCE, next_review_on__lte=today + timedelta(days=REVIEW_SOON_DAYS)
    ).select_related("owner__user")
    for document in due:
        overdue = document.next_review_on < today
        subject = (
            _("Periodic review overdue: %(document)s")
            if overdue
            else _("Periodic review due soon: %(document)s")
        ) % {"document": str(document)}
        note = notification_send(
            recipient=document.owner.user,
            subject=subject,
            url=reverse("documents:document_detail", args=[document.pk]),
            kind="document_review_due",
            dedup_key=f"doc-periodic-{document.pk}-{document.next_review_on.isoformat()}-{int(overdue)}",
        )
        sent += note is not None
    return sent


# --- Shipped document types ------------------------------------------------------------------------


def types_load() -> dict[str, int]:
    """Load or refresh the shipped document types (``data/document_types.yaml``); idempotent."""
    from .types_data import load_types

    return load_types()

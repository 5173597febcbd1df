"""Documented information under control (ISO 9001 §7.5, ISO 10013 guidance): document types and
their reference scheme, documents, their versions with a life cycle and electronic signatures,
distribution with read receipts, and the log of downloads of confidential documents."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Operation, Role
from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS, Scope

from . import calculations
from .choices import (
    SECTION_KEYS,
    CodeSource,
    Confidentiality,
    ContentKind,
    DocumentStatus,
    SignatureMeaning,
    VersionStatus,
)

# Operations on documents: CLOSE stands for publishing and withdrawing.
DOCUMENT_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: {op: Scope.ALL for op in Operation},
    Role.QSSE_MANAGER: {op: Scope.ALL for op in Operation},
    Role.PROCESS_OWNER: {
        Operation.VIEW: Scope.ALL,
        Operation.CREATE: Scope.ALL,
        Operation.EDIT: Scope.OWN,
        Operation.CLOSE: Scope.OWN,
        Operation.DELETE: Scope.NONE,
    },
    Role.AUDITOR: {Operation.VIEW: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL, Operation.CREATE: Scope.ALL, Operation.EDIT: Scope.OWN},
    Role.READER: {Operation.VIEW: Scope.ALL},
}


class DocumentType(TimeStampedModel):
    """A kind of document (procedure, work instruction…) and how its references are built."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("This code is already used by another document type.")},
    )
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    prefix = models.CharField(_("reference prefix"), max_length=6, help_text=_("e.g. PRO for procedures"))
    code_source = models.CharField(
        _("middle part of the reference"),
        max_length=12,
        choices=CodeSource.choices,
        default=CodeSource.PROCESS,
    )
    number_digits = models.PositiveSmallIntegerField(
        _("digits of the number"), default=3, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_written = models.BooleanField(
        _("written in OpenQSSE by default"),
        default=True,
        help_text=_("External documents and records are usually uploaded files."),
    )
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("en"):
            return self.name_en or self.name_fr
        return self.name_fr


class ReferenceSequence(models.Model):
    """Last number given in one reference series (``PRO-QUA``), locked while a document is created."""

    key = models.CharField(max_length=40, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last_number}"


class Document(TimeStampedModel):
    """A controlled document: its identity, owner, scope and access; its content lives in versions."""

    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("document type")
    )
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_documents",
        verbose_name=_("owner"),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("process"),
    )
    department = models.ForeignKey(
        "organization.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("department"),
    )
    sites = models.ManyToManyField(
        "organization.Site",
        blank=True,
        related_name="documents",
        verbose_name=_("sites"),
        help_text=_("Leave empty for a document of the whole organisation."),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
        db_index=True,
    )
    granted_people = models.ManyToManyField(
        "organization.Person",
        blank=True,
        related_name="granted_documents",
        verbose_name=_("people granted access"),
        help_text=_("People who may read a restricted or confidential document whatever their role."),
    )
    content_kind = models.CharField(
        _("content"), max_length=10, choices=ContentKind.choices, default=ContentKind.WRITTEN
    )
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    next_review_on = models.DateField(_("next review on"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.IN_PREPARATION,
        editable=False,
        db_index=True,
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("version in force"),
    )
    distribution_people = models.ManyToManyField(
        "organization.Person", blank=True, related_name="+", verbose_name=_("to be read by (people)")
    )
    distribution_roles = models.JSONField(_("to be read by (roles)"), default=list, blank=True)
    distribution_sites = models.ManyToManyField(
        "organization.Site",
        blank=True,
        related_name="+",
        verbose_name=_("to be read by (everyone at the sites)"),
    )
    paper_location = models.CharField(
        _("paper original: location"),
        max_length=200,
        blank=True,
        help_text=_("Where the signed paper original is kept (building, room, cabinet)."),
    )
    paper_reference = models.CharField(_("paper original: box or file"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["current_version"])

    permission_grants = DOCUMENT_GRANTS

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["reference"]
        indexes = [
            models.Index(fields=["document_type", "reference"]),
            models.Index(fields=["status", "reference"]),
            models.Index(fields=["confidentiality", "reference"]),
            models.Index(fields=["status", "confidentiality"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id}
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL


def version_upload_to(instance: "DocumentVersion", filename: str) -> str:
    return f"documents/{instance.document_id}/{instance.major}.{instance.minor}/{filename}"


class DocumentVersion(TimeStampedModel):
    """One version of a document: written sections or an uploaded file, its change description,
    reviewers, approvers and where it stands in the life cycle."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveIntegerField(_("major version"), default=1)
    minor = models.PositiveIntegerField(_("minor version"), default=0)
    is_major = models.BooleanField(
        _("major change"), default=True, help_text=_("A major change must be read again by its readers.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    change_description = models.TextField(_("description of the change"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    references = models.TextField(_("references"), blank=True)
    definitions = models.TextField(_("definitions"), blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    description = models.TextField(_("description"), blank=True)
    records = models.TextField(_("records"), blank=True)
    appendices = models.TextField(_("appendices"), blank=True)
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    file_mime = models.CharField(_("file type"), max_length=100, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    reviewers = models.ManyToManyField(
        "organization.Person", blank=True, related_name="documents_to_review", verbose_name=_("reviewers")
    )
    approvers = models.ManyToManyField(
        "organization.Person", blank=True, related_name="documents_to_approve", verbose_name=_("approvers")
    )
    review_cycle = models.PositiveIntegerField(_("review cycle"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("sent for review at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    obsolete_at = models.DateTimeField(_("made obsolete at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    permission_grants = DOCUMENT_GRANTS

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(fields=["document", "major", "minor"], name="unique_document_version")
        ]
        indexes = [models.Index(fields=["document", "status"])]

    def __str__(self) -> str:
        return f"{self.document.reference} v{self.label}"

    def get_absolute_url(self) -> str:
        return reverse("documents:version_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return self.document.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(document__owner=person) | Q(document__process__owner=person)

    @property
    def label(self) -> str:
        return calculations.version_label(self.major, self.minor)

    @property
    def is_file(self) -> bool:
        return bool(self.file_name)

    @property
    def is_pdf(self) -> bool:
        return self.file_mime == "application/pdf"

    def sections(self) -> list[tuple[str, str]]:
        return [(key, getattr(self, key)) for key in SECTION_KEYS]

    def has_content(self) -> bool:
        return self.is_file or any(value.strip() for _key, value in self.sections())

    def signed_fields(self) -> dict[str, object]:
        """What an electronic signature covers: the identity of the version and its whole content."""
        return {
            "document": self.document.reference,
            "version": self.label,
            "change_description": self.change_description,
            "file_sha256": self.file_sha256,
            **dict(self.sections()),
        }

    def content_digest(self) -> str:
        return calculations.content_digest(self.signed_fields())


class Signature(models.Model):
    """An electronic signature (21 CFR Part 11 §11.50, EU GMP Annex 11 §14): who, when, what it means,
    the digest of what was signed and an HMAC chained to the previous signature of the version, so that
    a change made behind the application's back is detected."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("signer"), max_length=200)
    meaning = models.CharField(_("meaning"), max_length=20, choices=SignatureMeaning.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    review_cycle = models.PositiveIntegerField(_("review cycle"))
    content_digest = models.CharField(_("digest of the signed content"), max_length=64)
    previous_mac = models.CharField(max_length=64, blank=True)
    mac = models.CharField(_("seal"), max_length=64)

    class Meta:
        verbose_name = _("electronic signature")
        verbose_name_plural = _("electronic signatures")
        ordering = ["version", "signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.signer_name} – {self.get_meaning_display()} – {self.version}"

    def sealed_record(self) -> dict[str, object]:
        return {
            "version_id": self.version_id,
            "review_cycle": self.review_cycle,
            "signer_id": self.signer_id,
            "signer_name": self.signer_name,
            "meaning": self.meaning,
            "comment": self.comment,
            "signed_at": self.signed_at.isoformat(),
            "content_digest": self.content_digest,
            "previous_mac": self.previous_mac,
        }


class SignatureAttempt(models.Model):
    """Every attempt to sign, refused (wrong password) or accepted: the audit trail of re-authentication."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="signature_attempts")
    meaning = models.CharField(_("meaning"), max_length=20, choices=SignatureMeaning.choices)
    succeeded = models.BooleanField(_("accepted"))
    attempted_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature attempt")
        verbose_name_plural = _("signature attempts")
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.meaning} {self.succeeded} {self.attempted_at}"


class ReadRequest(models.Model):
    """A person asked to read a published version, and their acknowledgement (read receipt)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="read_requests")
    person = models.ForeignKey("organization.Person", on_delete=models.CASCADE, related_name="read_requests")
    requested_at = models.DateTimeField(_("requested at"))
    acknowledged_at = models.DateTimeField(_("read on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("read request")
        verbose_name_plural = _("read requests")
        ordering = ["-requested_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "person"], name="unique_read_request")]
        indexes = [models.Index(fields=["person", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.version_id}"


class DownloadLog(models.Model):
    """A download of a confidential document: who, when, which version."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField(_("downloaded at"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what"), max_length=20)
    detail = models.CharField(_("file name"), max_length=255, blank=True)  # an attachment's name
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("download of a confidential document")
        verbose_name_plural = _("downloads of confidential documents")
        ordering = ["-downloaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.version_id} {self.downloaded_at}"

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")
    CONFIDENTIAL = "confidential", _("Confidential")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    OBSOLETE = "obsolete", _("Obsolete")
    ARCHIVED = "archived", _("Archived")


class ContentKind(models.TextChoices):
    WRITTEN = "written", _("Written in OpenQSSE")
    FILE = "file", _("Uploaded file")


class CodeSource(models.TextChoices):
    """Where the middle part of a reference comes from (``PRO-QUA-012``: QUA is the process code)."""

    PROCESS = "process", _("Process code")
    DEPARTMENT = "department", _("Department")
    NONE = "none", _("None")


class SignatureMeaning(models.TextChoices):
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")


class DocumentStatus(models.TextChoices):
    """A document's state as the master list shows it (from its versions)."""

    IN_PREPARATION = "in_preparation", _("In preparation")
    IN_FORCE = "in_force", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The sections of a written document (ISO 10013 guidance for procedures).
SECTIONS: tuple[tuple[str, object], ...] = (
    ("purpose", _("Purpose")),
    ("scope", _("Scope")),
    ("references", _("References")),
    ("definitions", _("Definitions")),
    ("responsibilities", _("Responsibilities")),
    ("description", _("Description")),
    ("records", _("Records")),
    ("appendices", _("Appendices")),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS)

READ_REMINDER_DAYS = 14  # a read request unanswered after this many days is reminded
REVIEW_SOON_DAYS = 30  # the owner is told this many days before the periodic review
SIGNATURE_MAX_FAILURES = 5  # failed password entries before signing is locked
SIGNATURE_LOCK_MINUTES = 30

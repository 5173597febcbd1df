from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")
    CONFIDENTIAL = "confidential", _("Confidential")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("document version", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("document version", "In review")
    APPROVED = "approved", pgettext_lazy("document version", "Approved")
    PUBLISHED = "published", pgettext_lazy("document version", "Published")
    OBSOLETE = "obsolete", pgettext_lazy("document version", "Obsolete")
    ARCHIVED = "archived", pgettext_lazy("document version", "Archived")


class ContentKind(models.TextChoices):
    WRITTEN = "written", _("Written in OpenQSSE")
    FILE = "file", _("Uploaded file")


class CodeSource(models.TextChoices):
    """Where the middle part of a reference comes from (``PRO-QUA-012``: QUA is the process code)."""

    PROCESS = "process", _("Process code")
    DEPARTMENT = "department", _("Department")
    NONE = "none", _("None")


class SignatureMeaning(models.TextChoices):
    REVIEWED = "reviewed", pgettext_lazy("signature meaning", "Reviewed")
    APPROVED = "approved", pgettext_lazy("signature meaning", "Approved")


class DocumentStatus(models.TextChoices):
    """A document's state as the master list shows it (from its versions)."""

    IN_PREPARATION = "in_preparation", _("In preparation")
    IN_FORCE = "in_force", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The sections of a written document (ISO 10013 guidance for procedures).
SECTIONS: tuple[tuple[str, object], ...] = (
    ("purpose", pgettext_lazy("document section", "Purpose")),
    ("scope", pgettext_lazy("document section", "Scope")),
    ("references", pgettext_lazy("document section", "References")),
    ("definitions", pgettext_lazy("document section", "Definitions")),
    ("responsibilities", pgettext_lazy("document section", "Responsibilities")),
    ("description", pgettext_lazy("document section", "Description")),
    ("records", pgettext_lazy("document section", "Records")),
    ("appendices", pgettext_lazy("document section", "Appendices")),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS)

READ_REMINDER_DAYS = 14  # a read request unanswered after this many days is reminded
REVIEW_SOON_DAYS = 30  # the owner is told this many days before the periodic review
SIGNATURE_MAX_FAILURES = 5  # failed password entries before signing is locked
SIGNATURE_LOCK_MINUTES = 30

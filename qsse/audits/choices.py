from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("audit programme status", "Draft")
    APPROVED = "approved", pgettext_lazy("audit programme status", "Approved")
    CLOSED = "closed", pgettext_lazy("audit programme status", "Closed")


class AuditKind(models.TextChoices):
    INTERNAL = "internal", _("Internal audit")
    SUPPLIER = "supplier", _("Supplier audit (second party)")
    CERTIFICATION_PREP = "certification_prep", _("Certification preparation")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("audit status", "Planned")
    PREPARED = "prepared", pgettext_lazy("audit status", "Prepared")
    IN_PROGRESS = "in_progress", pgettext_lazy("audit status", "In progress")
    REPORTED = "reported", pgettext_lazy("audit status", "Reported")
    CLOSED = "closed", pgettext_lazy("audit status", "Closed")


DONE_STATUSES = (AuditStatus.REPORTED, AuditStatus.CLOSED)


class RiskLevel(models.TextChoices):
    LOW = "low", pgettext_lazy("audit risk level", "Low")
    MEDIUM = "medium", pgettext_lazy("audit risk level", "Medium")
    HIGH = "high", pgettext_lazy("audit risk level", "High")


class LastResult(models.TextChoices):
    NONE = "none", _("Never audited")
    GOOD = "good", _("No NC")
    MINOR = "minor", _("Minor NCs")
    MAJOR = "major", _("Major NC")


class Answer(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    CONFORM = "conform", _("Conform")
    MINOR = "minor", _("Minor NC")
    MAJOR = "major", _("Major NC")
    OBSERVATION = "observation", _("Observation")
    OFI = "ofi", _("Opportunity for improvement")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class FindingKind(models.TextChoices):
    CONFORMITY = "conformity", _("Conformity (positive point)")
    MAJOR_NC = "major_nc", _("Major non-conformity")
    MINOR_NC = "minor_nc", _("Minor non-conformity")
    OBSERVATION = "observation", _("Observation")
    OFI = "ofi", _("Opportunity for improvement")


NC_FINDING_KINDS = (FindingKind.MAJOR_NC, FindingKind.MINOR_NC)


class TemplateTheme(models.TextChoices):
    PROCESS_SHEET = "process_sheet", _("Process sheet")
    ORGANISATION = "organisation", _("Organisation")
    STEERING = "steering", _("Steering")
    ACTIVITIES = "activities", _("Activities")
    IMPROVEMENT = "improvement", _("Improvement")
    CLAUSE = "clause", _("Standard clauses")


class MeetingKind(models.TextChoices):
    OPENING = "opening", _("Opening meeting")
    CLOSING = "closing", _("Closing meeting")


class ReportLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")

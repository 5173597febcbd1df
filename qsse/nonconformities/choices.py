from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NonconformityKind(models.TextChoices):
    NONCONFORMITY = "nonconformity", _("Non-conformity")
    INCIDENT = "incident", _("Incident")
    COMPLAINT = "complaint", _("Customer complaint")


REFERENCE_PREFIX = {
    NonconformityKind.NONCONFORMITY: "NC",
    NonconformityKind.INCIDENT: "INC",
    NonconformityKind.COMPLAINT: "REC",
}


class Origin(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    AUDIT = "audit", _("Audit")
    REGULATORY = "regulatory", _("Regulatory")


class Category(models.TextChoices):
    PRODUCT = "product", _("Product")
    PROCESS = "process", _("Process")
    SERVICE = "service", _("Service / delivery")
    DOCUMENTATION = "documentation", _("Documentation")
    SAFETY = "safety", _("Health and safety")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class Severity(models.IntegerChoices):
    # Gendered in French (une non-conformité majeure): a context keeps other apps' words apart.
    MINOR = 1, pgettext_lazy("nonconformity severity", "Minor")
    MAJOR = 2, pgettext_lazy("nonconformity severity", "Major")
    CRITICAL = 3, pgettext_lazy("nonconformity severity", "Critical")


class Disposition(models.TextChoices):
    NONE = "", _("To be decided")
    USE_AS_IS = "use_as_is", _("Use as is")
    REWORK = "rework", _("Rework")
    REGRADE = "regrade", _("Regrade")
    SCRAP = "scrap", _("Scrap")
    CONCESSION = "concession", _("Concession / derogation")
    RETURN_TO_SUPPLIER = "return_to_supplier", _("Return to supplier")


class NonconformityStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("nonconformity status", "Open")
    ANALYSIS = "analysis", pgettext_lazy("nonconformity status", "Analysis")
    ACTION = "action", pgettext_lazy("nonconformity status", "Actions in progress")
    CLOSED = "closed", pgettext_lazy("nonconformity status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("nonconformity status", "Cancelled")


class IshikawaCategory(models.TextChoices):
    """The 7M of the cause-and-effect diagram (5M and 6M are the first five and six)."""

    MANPOWER = "manpower", _("Manpower")
    METHOD = "method", _("Method")
    MACHINE = "machine", _("Machine")
    MATERIAL = "material", _("Material")
    MILIEU = "milieu", _("Environment (milieu)")
    MEASUREMENT = "measurement", _("Measurement")
    MANAGEMENT = "management", _("Management")


class RootCauseSource(models.TextChoices):
    FIVE_WHYS = "five_whys", _("5 whys")
    ISHIKAWA = "ishikawa", _("Ishikawa")
    OTHER = "other", _("Other analysis")

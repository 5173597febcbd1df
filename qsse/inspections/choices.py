from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Inspector(models.TextChoices):
    """Who may carry out an inspection of a type."""

    ACCREDITED_BODY = "accredited_body", _("Accredited body")
    ACCREDITED_OR_COMPETENT = "accredited_or_competent", _("Accredited body or qualified person")
    COMPETENT_PERSON = "competent_person", _("Competent person (in-house or external)")
    IN_HOUSE = "in_house", _("Trained in-house staff")


class VisitResult(models.TextChoices):
    COMPLIANT = "compliant", pgettext_lazy("inspection result", "Compliant")
    OBSERVATIONS = "observations", pgettext_lazy("inspection result", "Observations to remedy")
    UNSAFE = "unsafe", pgettext_lazy("inspection result", "Unsafe – stop use")


class ObservationSeverity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("observation severity", "Minor")
    MAJOR = "major", pgettext_lazy("observation severity", "Major")
    CRITICAL = "critical", pgettext_lazy("observation severity", "Critical (danger)")


class ScheduleStatus(models.TextChoices):
    UP_TO_DATE = "up_to_date", _("Up to date")
    DUE_SOON = "due_soon", _("Due within 30 days")
    OVERDUE = "overdue", _("Overdue")
    NOT_REQUIRED = "not_required", _("Not required")
    OUT_OF_SERVICE = "out_of_service", _("Equipment out of service")


class EquipmentStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    USE_FORBIDDEN = "use_forbidden", _("Use forbidden")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class ObservationTreatment(models.TextChoices):
    NO_ACTION = "no_action", _("No action yet")
    ACTION_OPEN = "action_open", _("Action in progress")
    REMEDIED = "remedied", _("Remedied (action done)")


# Days before the due date from which an inspection is "due soon".
DUE_SOON_DAYS = 30

"""Choices of the FMEA module."""

from django.db import models
from django.utils.translation import gettext_lazy as _

REFERENCE_PREFIX = "AMDEC"


class FmeaKind(models.TextChoices):
    PROCESS = "process", _("Process FMEA (PFMEA)")
    DESIGN = "design", _("Design / product FMEA (DFMEA)")


class FmeaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")


class PrioritisationMethod(models.TextChoices):
    RPN = "rpn", _("Risk priority number (RPN = S × O × D)")
    AP = "ap", _("Action priority (AIAG-VDA, H/M/L)")


class FunctionKind(models.TextChoices):
    MAIN = "main", _("Main function")
    CONSTRAINT = "constraint", _("Constraint function")
    COMPLEMENTARY = "complementary", _("Complementary function")


class RatingScale(models.TextChoices):
    SEVERITY = "severity", _("Severity")
    OCCURRENCE = "occurrence", _("Occurrence")
    DETECTION = "detection", _("Detection")


class ActionPriorityLevel(models.TextChoices):
    HIGH = "H", _("High")
    MEDIUM = "M", _("Medium")
    LOW = "L", _("Low")


# Sort rank of an action priority (a line without AP ranks lowest).
AP_RANK = {ActionPriorityLevel.HIGH: 3, ActionPriorityLevel.MEDIUM: 2, ActionPriorityLevel.LOW: 1, "": 0}


class RpnLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")

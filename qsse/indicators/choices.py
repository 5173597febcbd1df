from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Domain(models.TextChoices):
    QUALITY = "quality", _("Quality")
    SAFETY = "safety", _("Health and safety")
    ENVIRONMENT = "environment", _("Environment")
    ENERGY = "energy", _("Energy")
    CUSTOMER = "customer", _("Customer")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
    LOWER_IS_BETTER = "lower_is_better", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Source(models.TextChoices):
    MANUAL = "manual", _("Manual entry")
    IMPORT = "import", _("Excel import")
    COMPUTED = "computed", _("Computed from OpenQSSE records")


class ObjectiveLevel(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic objective")
    PROCESS = "process", _("Process objective")


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("objective status", "Draft")
    ACTIVE = "active", pgettext_lazy("objective status", "Active")
    ACHIEVED = "achieved", pgettext_lazy("objective status", "Achieved")
    NOT_ACHIEVED = "not_achieved", pgettext_lazy("objective status", "Not achieved")
    ABANDONED = "abandoned", pgettext_lazy("objective status", "Abandoned")


class Status(models.TextChoices):
    """Traffic light of a value against its target and alert threshold."""

    ON_TARGET = "on_target", _("On target")
    ALERT = "alert", _("Alert")
    OFF_TARGET = "off_target", _("Off target")
    NO_DATA = "no_data", _("No data")


class Trend(models.TextChoices):
    IMPROVING = "improving", _("Improving")
    STABLE = "stable", _("Stable")
    WORSENING = "worsening", _("Worsening")
    UNKNOWN = "unknown", _("Not enough values")

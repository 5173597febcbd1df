from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("surveillance plan status", "Draft")
    ACTIVE = "active", pgettext_lazy("surveillance plan status", "In force")
    ARCHIVED = "archived", pgettext_lazy("surveillance plan status", "Archived")


class IntervalUnit(models.TextChoices):
    DAY = "day", _("day(s)")
    WEEK = "week", _("week(s)")
    MONTH = "month", _("month(s)")
    YEAR = "year", _("year(s)")


class LimitKind(models.TextChoices):
    NUMERIC = "numeric", _("Measured value between limits")
    ATTRIBUTE = "attribute", _("Attribute (compliant / not compliant)")


class ControlStatus(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    INACTIVE = "inactive", _("Inactive")


# Days before the due date from which a control is "due soon" (and its responsible reminded).
DUE_SOON_DAYS = 7

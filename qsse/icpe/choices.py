from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    NC = "NC", _("Not classified (NC)")
    D = "D", _("Declaration (D)")
    DC = "DC", _("Declaration with periodic control (DC)")
    E = "E", _("Registration (E)")
    A = "A", _("Authorisation (A)")


class ThresholdRegime(models.TextChoices):
    D = "D", _("Declaration (D)")
    DC = "DC", _("Declaration with periodic control (DC)")
    E = "E", _("Registration (E)")
    A = "A", _("Authorisation (A)")


class SevesoStatus(models.TextChoices):
    NONE = "none", _("Not Seveso")
    LOW = "low", _("Seveso low threshold")
    HIGH = "high", _("Seveso high threshold")


class IcpeUnit(models.TextChoices):
    MW = "MW", "MW"
    KW = "kW", "kW"
    M3 = "m3", "m³"
    T = "t", "t"
    KG = "kg", "kg"
    KG_PER_DAY = "kg/d", _("kg/d")
    T_PER_DAY = "t/d", _("t/d")
    L = "l", "l"
    M2 = "m2", "m²"
    UNIT = "unit", _("unit(s)")


class ControlStatus(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due within 6 months")
    UP_TO_DATE = "up_to_date", _("Up to date")


# A control falls "due soon" this many days before its due date.
CONTROL_DUE_SOON_DAYS = 183

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmissionScope(models.TextChoices):
    """GHG Protocol / BEGES scopes of the energy a carrier brings."""

    SCOPE_1 = "1", _("Scope 1 – fuels burnt on site")
    SCOPE_2 = "2", _("Scope 2 – electricity, heat and steam bought")


class EnergyUse(models.TextChoices):
    """What the energy measured by a meter is used for (the significant-use analysis groups by it)."""

    GENERAL = "general", _("General (not allocated)")
    PROCESS = "process", _("Production process (machines)")
    HEATING = "heating", _("Space heating")
    COMPRESSED_AIR = "compressed_air", _("Compressed air")
    LIGHTING = "lighting", _("Lighting")
    OVENS = "ovens", _("Ovens and drying")
    SURFACE_TREATMENT = "surface_treatment", _("Surface treatment baths")
    VENTILATION = "ventilation", _("Ventilation and extraction")
    COOLING = "cooling", _("Cooling and air conditioning")
    OFFICES = "offices", _("Offices and IT")
    VEHICLES = "vehicles", _("Vehicles and handling")
    OTHER = "other", pgettext_lazy("energy use", "Other")


class RecordKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    READING = "reading", _("Meter reading")


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", _("Ratio (kWh per unit)")
    REGRESSION = "regression", _("Linear model (kWh = a + b × variable)")


class VariableKind(models.TextChoices):
    PRODUCTION = "production", _("Production")
    DEGREE_DAYS = "degree_days", _("Heating degree-days")
    AREA = "area", _("Floor area")
    OTHER = "other", pgettext_lazy("relevant variable", "Other")


class LeverStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_ACTION = "in_action", _("Action opened")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")

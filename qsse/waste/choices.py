"""Choices of the waste module."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import calculations


class WasteCategory(models.TextChoices):
    HAZARDOUS = calculations.HAZARDOUS, _("Hazardous (DD)")
    NON_HAZARDOUS = calculations.NON_HAZARDOUS, _("Non-hazardous non-inert (DND)")
    INERT = calculations.INERT, _("Inert (DI)")
    DASRI = calculations.DASRI, _("Infectious healthcare waste (DASRI)")


class TreatmentKind(models.TextChoices):
    RECOVERY = calculations.RECOVERY, _("Recovery")
    DISPOSAL = calculations.DISPOSAL, _("Disposal")


class QuantityUnit(models.TextChoices):
    TONNE = calculations.TONNE, _("t")
    CUBIC_METRE = calculations.CUBIC_METRE, _("m³")


class SortingFlow(models.TextChoices):
    PAPER_CARDBOARD = "paper_cardboard", _("Paper and cardboard")
    METAL = "metal", _("Metal")
    PLASTIC = "plastic", _("Plastic")
    GLASS = "glass", _("Glass")
    WOOD = "wood", _("Wood")
    PLASTER = "plaster", _("Plaster")
    MINERAL = "mineral", _("Mineral fraction")
    TEXTILE = "textile", _("Textiles")
    BIOWASTE = "biowaste", _("Biowaste")
    NONE = "none", _("None (other waste)")


class EntryType(models.TextChoices):
    """Absolute or mirror entry (UK WM3 reading of the list; see data/SOURCE.md)."""

    ABSOLUTE_HAZARDOUS = "absolute_hazardous", _("Absolute hazardous")
    MIRROR_HAZARDOUS = "mirror_hazardous", _("Mirror hazardous")
    MIRROR_NON_HAZARDOUS = "mirror_non_hazardous", _("Mirror non-hazardous")
    ABSOLUTE_NON_HAZARDOUS = "absolute_non_hazardous", _("Absolute non-hazardous")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PhenomenonKind(models.TextChoices):
    FIRE = "fire", _("Fire")
    EXPLOSION = "explosion", _("Explosion")
    TOXIC_RELEASE = "toxic_release", _("Toxic release")
    WATER_POLLUTION = "water_pollution", _("Water pollution")
    AIR_POLLUTION = "air_pollution", _("Air pollution")
    SOIL_POLLUTION = "soil_pollution", _("Soil pollution")


class MeasureRole(models.TextChoices):
    """Prevention lowers the probability of the phenomenon; protection lowers its gravity."""

    PREVENTION = "prevention", _("Prevention (reduces probability)")
    PROTECTION = "protection", _("Protection (reduces gravity)")


class MeasureStatus(models.TextChoices):
    EXISTING = "existing", pgettext_lazy("measure status", "Existing")
    PLANNED = "planned", pgettext_lazy("measure status", "Planned")


class ContactCategory(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EMERGENCY_SERVICES = "emergency", _("Emergency services")
    AUTHORITY = "authority", _("Authorities")
    OTHER = "other", _("Other (neighbours, suppliers, experts)")


class ResourceKind(models.TextChoices):
    EXTINGUISHER = "extinguisher", _("Fire extinguishers")
    FIRE_HOSE = "fire_hose", _("Fire hose reels and hydrants")
    SPRINKLER = "sprinkler", _("Sprinklers and automatic extinction")
    DETECTION = "detection", _("Detection and alarm")
    RETENTION = "retention", _("Retention and fire-water containment")
    SPILL_KIT = "spill_kit", _("Spill kits and absorbents")
    SHUTOFF = "shutoff", _("Shut-off valves and emergency stops")
    FIRST_AID = "first_aid", _("First aid")
    PPE = "ppe", _("Emergency protective equipment")
    OTHER = "other", _("Other")

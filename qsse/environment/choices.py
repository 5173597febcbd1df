from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Compartment(models.TextChoices):
    """The environmental compartment an impact falls on (ISO 14001 §6.1.2, note: air, water,
    land, natural resources, flora, fauna, humans and their interrelations)."""

    AIR = "air", _("Air")
    WATER = "water", _("Water")
    SOIL = "soil", _("Soil")
    WASTE = "waste", _("Waste")
    NOISE = "noise", _("Noise and vibration")
    RESOURCES = "resources", _("Natural resources")
    ENERGY = "energy", _("Energy")
    BIODIVERSITY = "biodiversity", _("Biodiversity")
    CLIMATE = "climate", _("Climate")


class OperatingCondition(models.TextChoices):
    NORMAL = "normal", _("Normal")
    ABNORMAL = "abnormal", _("Abnormal")
    EMERGENCY = "emergency", _("Emergency")


class LifeCycleStage(models.TextChoices):
    """ISO 14001 §6.1.2: the life-cycle perspective (from raw material to end of life)."""

    RAW_MATERIALS = "raw_materials", _("Raw material acquisition")
    DESIGN = "design", _("Design")
    PRODUCTION = "production", _("Production")
    TRANSPORT = "transport", _("Transport and delivery")
    USE = "use", _("Use")
    END_OF_LIFE = "end_of_life", _("End-of-life treatment")


class ControlType(models.TextChoices):
    """Whether the organisation controls the aspect or can only influence it (§6.1.2)."""

    DIRECT = "direct", _("Controlled (direct)")
    INDIRECT = "indirect", _("Influenced (indirect)")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("analysis status", "Draft")
    APPROVED = "approved", pgettext_lazy("analysis status", "Approved")
    SUPERSEDED = "superseded", pgettext_lazy("analysis status", "Superseded")


class ScoringMethod(models.TextChoices):
    SEVERITY_FREQUENCY_CONTROL = "sfc", _("Severity × frequency × control")
    SEVERITY_FREQUENCY = "sf", _("Severity × frequency")


class SignificanceReason(models.TextChoices):
    SCORE = "score", _("Score at or above the threshold")
    LEGAL = "legal", _("Subject to a legal requirement")
    EMERGENCY = "emergency", _("Emergency condition at or above the severity level")

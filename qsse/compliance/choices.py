from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LibraryKind(models.TextChoices):
    REGULATORY = "regulatory", _("Regulatory requirements")
    STANDARD = "standard", _("Standard clauses")


class Theme(models.TextChoices):
    OHS = "ohs", _("Occupational health and safety")
    ENVIRONMENT = "environment", _("Environment")
    ENERGY = "energy", _("Energy")
    QUALITY = "quality", _("Quality")
    CSR = "csr", _("CSR")
    GDPR = "gdpr", _("Personal data (GDPR)")


class ChangeKind(models.TextChoices):
    ADDED = "added", pgettext_lazy("requirement change", "New")
    MODIFIED = "modified", pgettext_lazy("requirement change", "Modified")
    REPEALED = "repealed", pgettext_lazy("requirement change", "Repealed")


class Applicability(models.TextChoices):
    """How the applicability of a requirement to a site was decided."""

    PROPOSED = "proposed", _("Proposed (not confirmed)")
    CONFIRMED = "confirmed", _("Confirmed")
    OVERRIDDEN = "overridden", _("Overridden")


class ConformityStatus(models.TextChoices):
    TO_ASSESS = "to_assess", _("To assess")
    COMPLIANT = "compliant", _("Compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONCOMPLIANT = "noncompliant", _("Non-compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# The statuses that are gaps: each one spawns an action in the action plan.
GAP_STATUSES = (ConformityStatus.PARTIAL, ConformityStatus.NONCOMPLIANT)


class GapSeverity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("compliance gap", "Minor")
    MAJOR = "major", pgettext_lazy("compliance gap", "Major")


class Equipment(models.TextChoices):
    """Equipment and installations a site may declare; requirements' criteria name these keys."""

    FORKLIFTS = "forklifts", _("Forklift trucks")
    LIFTING_EQUIPMENT = "lifting_equipment", _("Lifting equipment (cranes, hoists, MEWPs…)")
    PRESSURE_EQUIPMENT = "pressure_equipment", _("Pressure equipment (vessels, compressed air)")
    CHEMICALS = "chemicals", _("Hazardous chemicals")
    CMR_AGENTS = "cmr_agents", _("Carcinogenic, mutagenic or reprotoxic agents")
    NOISY_EQUIPMENT = "noisy_equipment", _("Noise exposure above 80 dB(A)")
    LOCAL_EXHAUST_VENTILATION = "local_exhaust_ventilation", _("Local exhaust ventilation")
    AUTOMATIC_DOORS = "automatic_doors", _("Automatic doors and gates")
    RACKING = "racking", _("Storage racking")
    FALL_PROTECTION = "fall_protection", _("Fall-arrest equipment")
    COMBUSTION_PLANT = "combustion_plant", _("Combustion plant (boiler)")
    CANTEEN = "canteen", _("Staff canteen")
    REFRIGERANT_EQUIPMENT = "refrigerant_equipment", _("Equipment with fluorinated refrigerants")

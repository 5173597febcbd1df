from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REFERENCE_PREFIX = "HACCP"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("HACCP plan status", "Draft")
    APPROVED = "approved", pgettext_lazy("HACCP plan status", "Approved")
    SUPERSEDED = "superseded", pgettext_lazy("HACCP plan status", "Superseded")
    ARCHIVED = "archived", pgettext_lazy("HACCP plan status", "Archived")


# A plan changes only as a draft; approved, it is frozen (a new revision is needed to change it);
# superseded or archived, it is kept read-only as the record of what was in force.
EDITABLE_STATUSES = frozenset({"draft"})
RECORDING_STATUSES = frozenset({"draft", "approved"})


class TreeVersion(models.TextChoices):
    CODEX_2003 = "codex_2003", _("Codex CXC 1-1969 (2003): classic tree Q1–Q4")
    CODEX_2023 = "codex_2023", _("Codex CXC 1-1969 (2020, tree of 2023): PRP question first")


class StepKind(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    STORAGE = "storage", _("Storage")
    PREPARATION = "preparation", _("Preparation")
    COOKING = "cooking", _("Cooking")
    COOLING = "cooling", _("Cooling")
    HOLDING = "holding", _("Hot or cold holding")
    PACKAGING = "packaging", _("Packaging")
    SERVICE = "service", _("Service / distribution")
    OTHER = "other", _("Other")


class HazardCategory(models.TextChoices):
    BIOLOGICAL = "biological", _("Biological")
    CHEMICAL = "chemical", _("Chemical")
    PHYSICAL = "physical", _("Physical")
    ALLERGEN = "allergen", _("Allergen")


class HazardOutcome(models.TextChoices):
    """Where the hazard analysis and the decision tree lead for a hazard at a step."""

    PENDING = "pending", _("To decide (decision tree)")
    CCP = "ccp", _("CCP")
    OPRP = "oprp", _("OPRP")
    PRP = "prp", _("PRP (good hygiene practices)")
    NOT_CCP = "not_ccp", _("Not a CCP at this step")
    MODIFY = "modify", _("Modify the step, process or product")
    NOT_SIGNIFICANT = "not_significant", _("Not significant")


class ControlKind(models.TextChoices):
    CCP = "ccp", _("CCP")
    OPRP = "oprp", _("OPRP")

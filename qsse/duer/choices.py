from django.db import models
from django.utils.translation import gettext_lazy as _


class ControlLevel(models.IntegerChoices):
    """How well the existing measures control the hazard (weighting of the raw score)."""

    NONE = 1, _("1 – None or ineffective (×1)")
    PARTIAL = 2, _("2 – Partial (×0.75)")
    GOOD = 3, _("3 – Good (×0.5)")
    VERY_GOOD = 4, _("4 – Very good (×0.25)")


class PreventionPrinciple(models.TextChoices):
    """General principles of prevention, Code du travail L4121-2 (in the order of the article)."""

    AVOID = "avoid", _("Avoid the risk")
    EVALUATE = "evaluate", _("Evaluate the risks that cannot be avoided")
    SOURCE = "source", _("Combat the risk at source")
    ADAPT = "adapt", _("Adapt the work to the person")
    TECHNICAL_EVOLUTION = "evolution", _("Take account of technical progress")
    SUBSTITUTE = "substitute", _("Replace the dangerous by the less dangerous")
    PLAN = "plan", _("Plan prevention")
    COLLECTIVE = "collective", _("Give priority to collective protection")
    INSTRUCT = "instruct", _("Give appropriate instructions")


class MeasureType(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    ORGANISATIONAL = "organisational", _("Organisational")
    HUMAN = "human", _("Human (training, information)")


class Protection(models.TextChoices):
    COLLECTIVE = "collective", _("Collective protection")
    INDIVIDUAL = "individual", _("Personal protective equipment")
    NOT_APPLICABLE = "na", _("Not a protection")

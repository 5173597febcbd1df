from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccidentKind(models.TextChoices):
    LOST_TIME = "lost_time", _("Accident with lost time")
    NO_LOST_TIME = "no_lost_time", _("Accident without lost time")
    COMMUTING = "commuting", _("Commuting accident")
    NEAR_MISS = "near_miss", _("Near miss")
    INCIDENT = "incident", _("Incident (no injury)")


# Accidents at work counted in the rates (commuting accidents are followed apart, as in the
# bilan social; near misses and incidents have no victim injured).
WORK_ACCIDENT_KINDS = (AccidentKind.LOST_TIME, AccidentKind.NO_LOST_TIME)
INJURY_KINDS = (AccidentKind.LOST_TIME, AccidentKind.NO_LOST_TIME, AccidentKind.COMMUTING)


class AccidentStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("accident status", "Reported")
    ANALYSING = "analysing", pgettext_lazy("accident status", "Analysis in progress")
    ANALYSED = "analysed", pgettext_lazy("accident status", "Analysed")
    CLOSED = "closed", pgettext_lazy("accident status", "Closed")


class LesionSeat(models.TextChoices):
    """Seat of the lesions, a fixed list the body diagram knows (one region of the drawing each)."""

    HEAD = "head", _("Head")
    EYES = "eyes", _("Eyes")
    NECK = "neck", _("Neck")
    TRUNK = "trunk", _("Trunk, chest, abdomen")
    BACK = "back", _("Back")
    SHOULDER = "shoulder", _("Shoulder")
    ARM = "arm", _("Arm, elbow")
    HAND = "hand", _("Hand, wrist")
    FINGERS = "fingers", _("Fingers")
    HIP = "hip", _("Hip, pelvis")
    LEG = "leg", _("Leg, knee")
    FOOT = "foot", _("Ankle, foot")
    MULTIPLE = "multiple", _("Multiple locations")
    INTERNAL = "internal", _("Internal, psychological")


class LesionNature(models.TextChoices):
    CUT = "cut", _("Cut, wound")
    CONTUSION = "contusion", _("Bruise, contusion")
    SPRAIN = "sprain", _("Sprain, strain")
    FRACTURE = "fracture", _("Fracture")
    BURN = "burn", _("Burn (thermal)")
    CHEMICAL = "chemical", _("Chemical burn or splash")
    FOREIGN_BODY = "foreign_body", _("Foreign body")
    BACK_PAIN = "back_pain", _("Back pain, musculoskeletal")
    OTHER = "other", _("Other")


class FactKind(models.TextChoices):
    """INRS ED 6163: habitual fact ("état", rectangle) or unusual fact ("variation", circle)."""

    HABITUAL = "habitual", _("Habitual fact (state)")
    UNUSUAL = "unusual", _("Unusual fact (variation)")


class FactComponent(models.TextChoices):
    """INRS ED 6163 components of the work situation: I / T / MT / MI."""

    INDIVIDUAL = "I", _("Individual (I)")
    TASK = "T", _("Task (T)")
    EQUIPMENT = "MT", _("Equipment (MT)")
    ENVIRONMENT = "MI", _("Environment (MI)")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REFERENCE_PREFIX = "HAZOP"


class StudyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("HAZOP study status", "In progress")
    COMPLETED = "completed", pgettext_lazy("HAZOP study status", "Completed")
    ARCHIVED = "archived", pgettext_lazy("HAZOP study status", "Archived")


class Parameter(models.TextChoices):
    FLOW = "flow", _("flow")
    PRESSURE = "pressure", _("pressure")
    TEMPERATURE = "temperature", _("temperature")
    LEVEL = "level", _("level")
    COMPOSITION = "composition", _("composition")
    TIME = "time", _("time")
    SEQUENCE = "sequence", _("sequence")
    OPERATION = "operation", _("operation / maintenance")


class GuideWord(models.TextChoices):
    """IEC 61882 guide words; the last four refer to time and sequence."""

    NO = "no", _("NO / NOT")
    MORE = "more", _("MORE")
    LESS = "less", _("LESS")
    AS_WELL_AS = "as_well_as", _("AS WELL AS")
    PART_OF = "part_of", _("PART OF")
    REVERSE = "reverse", _("REVERSE")
    OTHER_THAN = "other_than", _("OTHER THAN")
    EARLY = "early", _("EARLY")
    LATE = "late", _("LATE")
    BEFORE = "before", _("BEFORE")
    AFTER = "after", _("AFTER")


# How a deviation reads, per guide word (a named placeholder for the parameter).
DEVIATION_TEMPLATES = {
    GuideWord.NO: _("No %(parameter)s"),
    GuideWord.MORE: _("More %(parameter)s"),
    GuideWord.LESS: _("Less %(parameter)s"),
    GuideWord.AS_WELL_AS: _("%(parameter)s: as well as (additional substance or phase)"),
    GuideWord.PART_OF: _("%(parameter)s: part of (incomplete)"),
    GuideWord.REVERSE: _("Reverse %(parameter)s"),
    GuideWord.OTHER_THAN: _("%(parameter)s: other than intended"),
    GuideWord.EARLY: _("%(parameter)s: too early"),
    GuideWord.LATE: _("%(parameter)s: too late"),
    GuideWord.BEFORE: _("%(parameter)s: before (wrong order)"),
    GuideWord.AFTER: _("%(parameter)s: after (wrong order)"),
}


class DeviationStatus(models.TextChoices):
    OPEN = "open", _("To analyse")
    ANALYSED = "analysed", _("Analysed")
    ACTION = "action", _("Recommendation in the action plan")
    CLOSED = "closed", _("Closed")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReferenceEvent(models.TextChoices):
    CREATION = "creation", _("creation of the record")
    EVENT = "event", _("date of the event")
    CLOSURE = "closure", _("closure of the record")
    END_OF_EMPLOYMENT = "end_of_employment", _("end of employment")
    END_OF_EXPOSURE = "end_of_exposure", _("end of exposure")
    LAST_CONTACT = "last_contact", _("last contact")
    ISSUE = "issue", _("date of issue")


class EndAction(models.TextChoices):
    DESTROY = "destroy", pgettext_lazy("retention end action", "destroy")
    ANONYMISE = "anonymise", pgettext_lazy("retention end action", "anonymise")
    ARCHIVE = "archive", pgettext_lazy("retention end action", "archive")


class RetentionRounding(models.TextChoices):
    NONE = "none", _("no rounding")
    END_OF_MONTH = "end_of_month", _("to the end of the month")
    END_OF_YEAR = "end_of_year", _("to the end of the year")


class PurgeStatus(models.TextChoices):
    FLAGGED = "flagged", pgettext_lazy("purge status", "flagged, awaiting confirmation")
    DONE = "done", pgettext_lazy("purge status", "done")
    CANCELLED = "cancelled", pgettext_lazy("purge status", "cancelled")

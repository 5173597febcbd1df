from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessKind(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    REALISATION = "realisation", _("Realisation")
    SUPPORT = "support", _("Support")

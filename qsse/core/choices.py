from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    QSSE_MANAGER = "qsse_manager", _("QSSE manager")
    PROCESS_OWNER = "process_owner", _("Process owner")
    AUDITOR = "auditor", _("Auditor")
    CONTRIBUTOR = "contributor", _("Contributor")
    READER = "reader", _("Reader")


class Operation(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    EDIT = "edit", _("Edit")
    CLOSE = "close", _("Close")
    DELETE = "delete", _("Delete")

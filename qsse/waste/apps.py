from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WasteConfig(AppConfig):
    name = "qsse.waste"
    label = "waste"
    verbose_name = _("Waste")

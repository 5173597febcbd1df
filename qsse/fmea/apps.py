from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FmeaConfig(AppConfig):
    name = "qsse.fmea"
    label = "fmea"
    verbose_name = _("FMEA")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

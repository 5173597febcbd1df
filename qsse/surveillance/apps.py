from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveillanceConfig(AppConfig):
    name = "qsse.surveillance"
    label = "surveillance"
    verbose_name = _("Surveillance plan")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "qsse.indicators"
    label = "indicators"
    verbose_name = _("Objectives and indicators")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

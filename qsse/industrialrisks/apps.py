from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustrialRisksConfig(AppConfig):
    name = "qsse.industrialrisks"
    label = "industrialrisks"
    verbose_name = _("Industrial risk control")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

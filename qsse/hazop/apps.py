from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazopConfig(AppConfig):
    name = "qsse.hazop"
    label = "hazop"
    verbose_name = _("HAZOP")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

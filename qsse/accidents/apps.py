from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccidentsConfig(AppConfig):
    name = "qsse.accidents"
    label = "accidents"
    verbose_name = _("Accidents and near misses")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

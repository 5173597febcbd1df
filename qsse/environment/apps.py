from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    name = "qsse.environment"
    label = "environment"
    verbose_name = _("Environmental analysis")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

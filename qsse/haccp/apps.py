from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HaccpConfig(AppConfig):
    name = "qsse.haccp"
    label = "haccp"
    verbose_name = _("HACCP")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

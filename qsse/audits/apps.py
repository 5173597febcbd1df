from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "qsse.audits"
    label = "audits"
    verbose_name = _("Audits")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuerConfig(AppConfig):
    name = "qsse.duer"
    label = "duer"
    verbose_name = _("Occupational risk assessment (DUER)")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OhsReportConfig(AppConfig):
    name = "qsse.ohsreport"
    label = "ohsreport"
    verbose_name = _("Health and safety report")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

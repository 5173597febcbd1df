from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "qsse.analysis"
    label = "analysis"
    verbose_name = _("Data analysis")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

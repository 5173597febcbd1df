from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "qsse.compliance"
    label = "compliance"
    verbose_name = _("Regulatory watch and compliance")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "qsse.organization"
    label = "organization"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import retention

        retention.register()

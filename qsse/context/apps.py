from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContextConfig(AppConfig):
    name = "qsse.context"
    label = "context"
    verbose_name = _("Context, risks and opportunities")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

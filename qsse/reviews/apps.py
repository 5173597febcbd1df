from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "qsse.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from . import integrations

        integrations.register()

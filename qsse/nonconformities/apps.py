from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NonconformitiesConfig(AppConfig):
    name = "qsse.nonconformities"
    label = "nonconformities"
    verbose_name = _("Non-conformities and complaints")

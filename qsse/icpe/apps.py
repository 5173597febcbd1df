from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IcpeConfig(AppConfig):
    name = "qsse.icpe"
    label = "icpe"
    verbose_name = _("Classified installations (ICPE)")

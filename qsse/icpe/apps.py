from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_nomenclature(sender, using="default", **kwargs) -> None:
    """Put the shipped rubriques back after every ``migrate`` or ``flush`` when they are missing
    (a database emptied by ``flush`` keeps no data-migration rows); idempotent."""
    from django.db import connections

    from .models import Rubrique, Threshold

    if Rubrique._meta.db_table not in connections[using].introspection.table_names():
        return
    from .nomenclature import load_nomenclature

    load_nomenclature(Rubrique, Threshold)


class IcpeConfig(AppConfig):
    name = "qsse.icpe"
    label = "icpe"
    verbose_name = _("Classified installations (ICPE)")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_nomenclature, sender=self, dispatch_uid="icpe-nomenclature")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_reference(sender, using="default", **kwargs) -> None:
    """Put the list of waste and the treatment codes back after every ``migrate`` or ``flush`` that
    left them missing (a database emptied by ``flush`` keeps no data-migration rows); idempotent."""
    from django.db import connections

    from .models import TreatmentCode, WasteCode, WasteHeading

    if WasteCode._meta.db_table not in connections[using].introspection.table_names():
        return
    if WasteCode.objects.using(using).exists() and TreatmentCode.objects.using(using).exists():
        return
    from .reference import load

    load(WasteHeading, WasteCode, TreatmentCode)


class WasteConfig(AppConfig):
    name = "qsse.waste"
    label = "waste"
    verbose_name = _("Waste")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_reference, sender=self, dispatch_uid="waste-reference-data")

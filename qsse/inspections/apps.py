from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_catalogue(sender, using="default", **kwargs) -> None:
    """Load or refresh the shipped catalogue after every ``migrate`` (idempotent)."""
    from django.db import connections

    from .models import InspectionType

    if InspectionType._meta.db_table not in connections[using].introspection.table_names():
        return
    from . import services

    services.catalogue_load()


class InspectionsConfig(AppConfig):
    name = "qsse.inspections"
    label = "inspections"
    verbose_name = _("Periodic inspections")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="inspections-catalogue")

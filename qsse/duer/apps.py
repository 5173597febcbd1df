from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_families(sender, using="default", **kwargs) -> None:
    """Put the shipped hazard families back after every ``migrate`` or ``flush`` when they are
    missing (a database emptied by ``flush`` keeps no data-migration rows); idempotent."""
    from django.db import connections

    from .models import HazardFamily

    if HazardFamily._meta.db_table not in connections[using].introspection.table_names():
        return
    if HazardFamily.objects.using(using).filter(is_builtin=True).exists():
        return
    from .families import load_families

    load_families(HazardFamily)


class DuerConfig(AppConfig):
    name = "qsse.duer"
    label = "duer"
    verbose_name = _("Occupational risk assessment (DUER)")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_families, sender=self, dispatch_uid="duer-hazard-families")

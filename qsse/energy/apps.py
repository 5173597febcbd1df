from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_carriers(sender, using="default", **kwargs) -> None:
    """Put the shipped carriers and factors back after every ``migrate`` or ``flush`` when they are
    missing (a database emptied by ``flush`` keeps no data-migration rows); idempotent."""
    from django.db import connections

    from .models import EmissionFactor, EnergyCarrier

    if EnergyCarrier._meta.db_table not in connections[using].introspection.table_names():
        return
    if EnergyCarrier.objects.using(using).filter(is_shipped=True).exists():
        return
    from .reference_data import load_carriers

    load_carriers(EnergyCarrier, EmissionFactor)


class EnergyConfig(AppConfig):
    name = "qsse.energy"
    label = "energy"
    verbose_name = _("Energy and greenhouse gases")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_carriers, sender=self, dispatch_uid="energy-carriers")

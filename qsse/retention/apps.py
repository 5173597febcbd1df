from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_record_types(sender, using="default", **kwargs) -> None:
    """Put back the shipped record types after every ``migrate`` (tests flush the tables)."""
    from django.db import connections

    from .models import RecordType

    if RecordType._meta.db_table not in connections[using].introspection.table_names():
        return
    from .catalogue import load_record_types

    load_record_types(RecordType)


class RetentionConfig(AppConfig):
    name = "qsse.retention"
    label = "retention"
    verbose_name = _("Records retention and personal data")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_record_types, sender=self, dispatch_uid="retention-record-types")

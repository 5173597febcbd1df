from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_types(sender, using="default", **kwargs) -> None:
    """Put the shipped document types back after every ``migrate`` (browser tests flush every table,
    data-migration rows included); idempotent."""
    from django.db import connections

    from .models import DocumentType

    if DocumentType._meta.db_table not in connections[using].introspection.table_names():
        return
    from .types_data import load_types

    load_types()


class DocumentsConfig(AppConfig):
    name = "qsse.documents"
    label = "documents"
    verbose_name = _("Documented information")

    def ready(self) -> None:
        from . import integrations

        integrations.register()
        post_migrate.connect(_load_types, sender=self, dispatch_uid="documents-types")

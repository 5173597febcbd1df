from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qsse.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .search_indexes import ensure_sqlite_text_indexes

        # After every migrate (and flush): the SQLite text indexes of the models the apps registered.
        post_migrate.connect(ensure_sqlite_text_indexes, sender=self, dispatch_uid="core.text_indexes")

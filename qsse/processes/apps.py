from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "qsse.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from qsse.core.registry import register_dashboard_widget, register_search

        from .integrations import dashboard_widget, search_processes

        register_search(search_processes)
        register_dashboard_widget(dashboard_widget)

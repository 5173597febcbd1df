from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "qsse.actions"
    label = "actions"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from qsse.core.registry import register_dashboard_widget, register_search, register_text_index

        from .extensions import my_actions_widget, search_actions
        from .models import Action

        register_text_index(Action, "reference", "title")
        register_search(search_actions)
        register_dashboard_widget(my_actions_widget)

        from . import analysis_sources, indicator_sources, review_inputs

        indicator_sources.register()
        review_inputs.register()
        analysis_sources.register()

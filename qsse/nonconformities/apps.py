from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NonconformitiesConfig(AppConfig):
    name = "qsse.nonconformities"
    label = "nonconformities"
    verbose_name = _("Non-conformities and complaints")

    def ready(self) -> None:
        from qsse.actions.origins import register_origin_model
        from qsse.core.registry import register_dashboard_widget, register_search, register_text_index

        from .dashboard import nonconformity_widget
        from .models import Nonconformity
        from .selectors import nonconformity_search

        register_text_index(
            Nonconformity, "reference", "title", "product", "lot", "customer_name", "customer_reference"
        )
        register_search(nonconformity_search)
        register_dashboard_widget(nonconformity_widget)
        register_origin_model(Nonconformity)

        from . import analysis_sources, indicator_sources, review_inputs

        indicator_sources.register()
        review_inputs.register()
        analysis_sources.register()

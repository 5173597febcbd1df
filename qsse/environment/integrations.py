"""What the environmental analysis plugs into the shell (menu, dashboard, search, reviews) and the
action plan (origin model)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from . import dashboard, review_inputs, selectors
    from .models import EnvironmentalAspect

    register_nav_item(
        NavItem(
            menu="quality", label=_("Environmental analysis"), url_name="environment:analysis_list", order=90
        )
    )
    register_dashboard_widget(dashboard.environment_widget)
    register_search(selectors.search)
    register_origin_model(EnvironmentalAspect)
    review_inputs.register()

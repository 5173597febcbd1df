"""What the accidents app plugs into the shell and the other modules: menus, search, dashboard
card, indicator sources and review input."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search
    from qsse.duer.feedback import register_feedback_source

    from . import dashboard, indicator_sources, retention, review_inputs, selectors
    from .models import Accident

    register_nav_item(
        NavItem(
            menu="quality", label=_("Accidents and near misses"), url_name="accidents:accident_list", order=80
        )
    )
    register_nav_item(
        NavItem(
            menu="quality", label=_("Health and safety dashboard"), url_name="accidents:dashboard", order=81
        )
    )
    register_nav_item(NavItem(menu="quality", label=_("Hours worked"), url_name="accidents:hours", order=82))
    register_search(selectors.search)
    register_dashboard_widget(dashboard.accidents_widget)
    indicator_sources.register()
    review_inputs.register()
    retention.register()
    register_feedback_source(Accident)

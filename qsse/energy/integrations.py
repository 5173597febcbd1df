"""What the energy app plugs into the shell and the other modules: menus, search, dashboard
widget, indicator sources and review input."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from . import dashboard, indicator_sources, review_inputs, selectors

    register_nav_item(
        NavItem(menu="steering", label=_("Energy and GHG"), url_name="energy:overview", order=80)
    )
    register_nav_item(NavItem(menu="steering", label=_("Energy review"), url_name="energy:review", order=81))
    register_search(selectors.search)
    register_dashboard_widget(dashboard.energy_widget)
    indicator_sources.register()
    review_inputs.register()

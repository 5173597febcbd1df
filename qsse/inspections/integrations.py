"""What the inspections app plugs into the shell and the other modules: menus, search, indicator
source and review input."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from . import dashboard, indicator_sources, review_inputs, selectors

    register_nav_item(
        NavItem(
            menu="quality", label=_("Periodic inspections"), url_name="inspections:schedule_list", order=70
        )
    )
    register_nav_item(
        NavItem(menu="quality", label=_("Inspections calendar"), url_name="inspections:calendar", order=71)
    )
    register_nav_item(
        NavItem(
            menu="quality", label=_("Equipment register"), url_name="inspections:equipment_list", order=72
        )
    )
    register_search(selectors.search)
    register_dashboard_widget(dashboard.inspections_widget)
    indicator_sources.register()
    review_inputs.register()

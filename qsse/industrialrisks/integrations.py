"""What the industrial risk control plan plugs into the shell (menu, dashboard, search), the action
plan (origin models) and the criticality matrices (rescoring when the "industrial" matrix changes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.context.services import register_matrix_listener
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from . import dashboard, selectors, services
    from .models import Drill, SafetyMeasure

    register_nav_item(
        NavItem(
            menu="quality",
            label=_("Industrial risks and emergency plans"),
            url_name="industrialrisks:phenomenon_list",
            order=92,
        )
    )
    register_dashboard_widget(dashboard.industrialrisks_widget)
    register_search(selectors.search)
    register_origin_model(SafetyMeasure)
    register_origin_model(Drill)
    register_matrix_listener(services.MATRIX_USAGE, services.phenomena_rescore)

"""What the surveillance app plugs into the shell and the other modules (menus, search, dashboards,
indicator sources, review inputs) and the risk models it watches."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def _describe_context_risk(record: Any) -> Any:
    from .sources import RiskSnapshot

    level = getattr(record, "level", None)
    return RiskSnapshot(
        reference=record.reference,
        title=record.title,
        score=record.score,
        level_name=getattr(level, "name", "") or "",
        colour=getattr(level, "colour", "") or "",
        severity=record.impact or 0,
        url=record.get_absolute_url(),
    )


def _visible_context_risks(user: Any) -> Any:
    from qsse.context import selectors as context_selectors

    return context_selectors.risk_list(user).filter(kind="risk")


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.context.models import RiskOpportunity
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from . import dashboard, indicator_sources, review_inputs, selectors, services
    from .sources import register_risk_model

    register_nav_item(
        NavItem(menu="quality", label=_("Surveillance plan"), url_name="surveillance:plan_list", order=60)
    )
    register_nav_item(
        NavItem(menu="quality", label=_("Controls calendar"), url_name="surveillance:calendar", order=61)
    )
    register_search(selectors.search)
    register_dashboard_widget(dashboard.surveillance_widget)
    indicator_sources.register()
    review_inputs.register()
    register_risk_model(
        RiskOpportunity,
        label=_("Risk of the register (context)"),
        describe=_describe_context_risk,
        queryset=_visible_context_risks,
    )
    from qsse.context.services import register_matrix_listener

    register_matrix_listener(services.MATRIX_USAGE, services.control_points_rescore)

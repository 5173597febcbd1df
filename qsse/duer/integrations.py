"""What the DUER app plugs into the shell (menus, dashboard) and the action plan (origin model)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.context.services import register_matrix_listener
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item

    from . import dashboard, services
    from .models import PreventionMeasure

    register_nav_item(
        NavItem(menu="quality", label=_("Risk assessment (DUER)"), url_name="duer:duer_list", order=80)
    )
    register_dashboard_widget(dashboard.duer_widget)
    register_origin_model(PreventionMeasure)
    register_matrix_listener(services.MATRIX_USAGE, services.hazards_rescore)

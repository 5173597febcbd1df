"""What the waste module plugs into the shell: menus, search and the dashboard card."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_nav_item, register_search, register_text_index

    from . import selectors
    from .models import WasteRemoval

    register_text_index(WasteRemoval, "reference", "usual_name", "tracking_number")

    register_nav_item(
        NavItem(menu="quality", label=_("Waste register"), url_name="waste:removal_list", order=80)
    )
    register_nav_item(
        NavItem(menu="quality", label=_("Waste dashboard"), url_name="waste:dashboard", order=81)
    )
    register_nav_item(NavItem(menu="quality", label=_("List of waste"), url_name="waste:code_list", order=82))
    register_search(selectors.search)

"""What the ICPE app plugs into the shell: menu entries and search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_nav_item, register_search

    from . import selectors

    register_nav_item(NavItem(menu="quality", label=_("ICPE status"), url_name="icpe:overview", order=80))
    register_nav_item(
        NavItem(menu="quality", label=_("ICPE installation register"), url_name="icpe:register", order=81)
    )
    register_search(selectors.search)

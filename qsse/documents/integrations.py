"""What document control plugs into the shell: menus and global search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_nav_item, register_search

    from . import selectors

    register_nav_item(
        NavItem(menu="quality", label=_("Documents"), url_name="documents:document_list", order=10)
    )
    register_nav_item(
        NavItem(menu="quality", label=_("Documents to read"), url_name="documents:to_read", order=11)
    )
    register_search(selectors.search)

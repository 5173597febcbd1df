"""What the OHS report plugs into the shell: its menu entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_nav_item

    register_nav_item(
        NavItem(
            menu="quality", label=_("Health and safety report (CSE)"), url_name="ohsreport:report", order=83
        )
    )

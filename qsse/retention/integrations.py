"""What the retention app plugs into the shell: its pages in the organisation menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import NavItem, register_nav_item

    register_nav_item(
        NavItem(
            menu="organisation", label=_("Records retention (GDPR)"), url_name="retention:schedule", order=90
        )
    )
    register_nav_item(
        NavItem(
            menu="organisation", label=_("Personal data inventory"), url_name="retention:inventory", order=91
        )
    )

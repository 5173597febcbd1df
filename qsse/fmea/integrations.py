"""What the fmea app plugs into the shell and the other modules (menus, search, action origins,
review inputs)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_nav_item, register_review_input, register_search

    from .models import Fmea
    from .review_inputs import fmea_review_input
    from .selectors import fmea_search

    register_nav_item(NavItem(menu="quality", label=_("FMEA (AMDEC)"), url_name="fmea:fmea_list", order=40))
    register_search(fmea_search)
    register_origin_model(Fmea)
    register_review_input(fmea_review_input)

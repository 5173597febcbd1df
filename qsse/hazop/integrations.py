"""What the hazop app plugs into the shell and the other modules (menus, search, review inputs,
action origins, the criticality matrix)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_nav_item, register_review_input, register_search

    from . import review_inputs, services
    from .models import Deviation
    from .rating import USAGE
    from .selectors import study_search

    register_nav_item(NavItem(menu="quality", label=_("HAZOP"), url_name="hazop:study_list", order=61))
    register_search(study_search)
    register_review_input(review_inputs.risk_opportunity_actions)
    register_origin_model(Deviation)
    try:
        from qsse.context.services import register_matrix_listener
    except ImportError:  # the shared matrix mechanism is not there yet
        return
    register_matrix_listener(USAGE, services.deviations_rescore)

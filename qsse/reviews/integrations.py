"""What the reviews app plugs into the shell and the other modules (menus, search, dashboards, sources)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from .dashboard import review_widget
    from .models import ManagementReview, ProcessReview
    from .selectors import review_search

    register_origin_model(ManagementReview)
    register_origin_model(ProcessReview)
    register_search(review_search)
    register_dashboard_widget(review_widget)
    register_nav_item(
        NavItem(
            menu="steering",
            label=_("Management reviews"),
            url_name="reviews:management_review_list",
            order=80,
        )
    )
    register_nav_item(
        NavItem(menu="steering", label=_("Process reviews"), url_name="reviews:process_review_list", order=85)
    )

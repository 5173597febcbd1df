"""What the compliance app plugs into the shell and the other modules (menus, search, action origins)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_nav_item, register_search

    from .models import ComplianceAssessment
    from .selectors import assessment_search

    register_nav_item(
        NavItem(
            menu="steering", label=_("Regulatory compliance"), url_name="compliance:assessment_list", order=60
        )
    )
    register_search(assessment_search)
    register_origin_model(ComplianceAssessment)

"""What the compliance app plugs into the shell and the other modules (menus, search, action origins,
the criticality matrix of the gaps)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_dashboard_widget, register_nav_item, register_search

    from .dashboard import compliance_widget
    from .models import ComplianceAssessment
    from .selectors import assessment_search

    register_nav_item(
        NavItem(
            menu="steering", label=_("Regulatory compliance"), url_name="compliance:assessment_list", order=60
        )
    )
    register_nav_item(
        NavItem(menu="steering", label=_("Compliance dashboard"), url_name="compliance:dashboard", order=61)
    )
    register_search(assessment_search)
    register_dashboard_widget(compliance_widget)
    register_origin_model(ComplianceAssessment)

    from . import indicator_sources, review_inputs

    indicator_sources.register()
    review_inputs.register()

    from qsse.context.services import register_matrix_listener

    from . import services
    from .rating import USAGE

    register_matrix_listener(USAGE, services.gaps_rescore)

"""What the compliance app plugs into the shell and the other modules (menus, search, action origins)."""


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import register_search

    from .models import ComplianceAssessment
    from .selectors import assessment_search

    register_search(assessment_search)
    register_origin_model(ComplianceAssessment)

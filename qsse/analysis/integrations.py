"""What the analysis app plugs into the shell and the other modules (menus, search, dashboards, sources)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import NavItem, register_nav_item, register_search

    from .models import Analysis
    from .selectors import analysis_search

    register_origin_model(Analysis)
    register_search(analysis_search)
    for order, (label, url_name) in enumerate(
        (
            (_("Datasets"), "analysis:dataset_list"),
            (_("Pivot table…"), "analysis:tool_pick_pivot"),
            (_("Pareto chart…"), "analysis:tool_pick_pareto"),
            (_("Control charts…"), "analysis:tool_pick_control_chart"),
            (_("Saved analyses"), "analysis:analysis_list"),
            (_("Decision tools"), "analysis:decision_list"),
        ),
        start=1,
    ):
        register_nav_item(NavItem(menu="analysis", label=label, url_name=url_name, order=10 * order))

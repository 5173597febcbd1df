"""This app's records offered to the data-analysis toolbox (qsse.core.registry.AnalysisSource)."""


def register() -> None:
    """Called once from ``AppConfig.ready``."""

"""What this app contributes to process and management reviews (qsse.core.registry.ReviewInputSection)."""


def register() -> None:
    """Called once from ``AppConfig.ready``."""

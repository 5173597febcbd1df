"""Indicator sources computed from this app's records (see qsse.core.registry.IndicatorSource)."""


def register() -> None:
    """Called once from ``AppConfig.ready``."""

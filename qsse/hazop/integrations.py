"""What the hazop app plugs into the shell and the other modules (menus, search, dashboards, sources)."""


def register() -> None:
    """Called once from ``AppConfig.ready``."""

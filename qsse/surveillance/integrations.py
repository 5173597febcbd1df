"""What the surveillance app plugs into the shell and the other modules (menus, search, dashboards)."""


def register() -> None:
    """Called once from ``AppConfig.ready``."""

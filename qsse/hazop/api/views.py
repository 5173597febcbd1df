"""REST API of the hazop app: every write goes through qsse.hazop.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

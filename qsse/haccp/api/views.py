"""REST API of the haccp app: every write goes through qsse.haccp.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

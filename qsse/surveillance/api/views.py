"""REST API of the surveillance app: every write goes through qsse.surveillance.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

"""REST API of the indicators app: every write goes through qsse.indicators.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

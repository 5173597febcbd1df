"""REST API of the fmea app: every write goes through qsse.fmea.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

"""REST API of the analysis app: every write goes through qsse.analysis.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

"""REST API of the audits app: every write goes through qsse.audits.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

"""REST API of the context app: every write goes through qsse.context.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

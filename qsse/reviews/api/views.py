"""REST API of the reviews app: every write goes through qsse.reviews.services."""


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""

def register_viewsets(router) -> None:
    """Filled by this app's API (viewsets registered on the shared /api/v1/ router)."""

"""What the process map contributes to the shared search and to the dashboard."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qsse.core.registry import SearchResult

from . import selectors


def search_processes(user: Any, query: str, limit: int) -> list[SearchResult]:
    """Processes whose code or name contains ``query``."""
    return [
        SearchResult(
            reference=process.code, title=process.name, url=process.get_absolute_url(), kind=_("Process")
        )
        for process in selectors.process_search(user, query, limit)
    ]


def dashboard_widget(request: Any) -> tuple[str, dict[str, Any]]:
    """A link to the map with the count of active processes and of those without an owner."""
    return "processes/partials/_dashboard_widget.html", selectors.process_stats(request.user)

"""What the action plan adds to the global search and to the dashboard (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qsse.core.registry import SearchResult

from . import selectors
from .choices import OPEN_STATUSES


def search_actions(user: Any, query: str, limit: int) -> list[SearchResult]:
    """Actions whose reference or title contains ``query``."""
    return [
        SearchResult(
            reference=action.reference, title=action.title, url=action.get_absolute_url(), kind=_("Action")
        )
        for action in selectors.action_search(user, query, limit)
    ]


def my_actions_widget(request) -> tuple[str, dict[str, Any]]:
    """The signed-in user's open actions, most urgent first, with their open and overdue counts."""
    mine = selectors.action_mine(request.user)
    stats = selectors.action_queryset_stats(mine)
    upcoming = list(mine.filter(status__in=OPEN_STATUSES).order_by("due_on", "pk")[:8])
    return "actions/partials/_dashboard_widget.html", {"stats": stats, "upcoming": upcoming}

"""Extension points filled by domain apps in ``AppConfig.ready`` so that core never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SearchResult:
    reference: str
    title: str
    url: str
    kind: str


# provider(user, query, limit) -> list[SearchResult]
search_providers: list[Callable[[Any, str, int], list[SearchResult]]] = []
# widget(request) -> (template_name, context) rendered on the dashboard, in registration order
dashboard_widgets: list[Callable[[Any], tuple[str, dict[str, Any]]]] = []


def register_search(provider: Callable[[Any, str, int], list[SearchResult]]) -> None:
    if provider not in search_providers:
        search_providers.append(provider)


def register_dashboard_widget(widget: Callable[[Any], tuple[str, dict[str, Any]]]) -> None:
    if widget not in dashboard_widgets:
        dashboard_widgets.append(widget)

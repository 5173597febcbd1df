"""The dashboard card of the module: open records by severity and the latest customer complaints."""

from __future__ import annotations

from typing import Any

from qsse.core.choices import Operation
from qsse.core.permissions import can

from . import selectors
from .models import Nonconformity


def nonconformity_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, Nonconformity):
        return "nonconformities/widgets/_empty.html", {}
    stats = selectors.nonconformity_stats(user)
    return "nonconformities/widgets/_dashboard.html", {
        "stats": stats,
        "complaints": selectors.recent_complaints(user, limit=5),
        "largest": max((line.count for line in stats["open_by_severity"]), default=0),
    }

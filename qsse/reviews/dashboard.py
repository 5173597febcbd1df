"""The dashboard card of the module: the next management review and the overdue decisions of reviews."""

from __future__ import annotations

from typing import Any

from qsse.core.choices import Operation
from qsse.core.permissions import can

from . import selectors
from .models import ManagementReview


def review_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, ManagementReview):
        return "reviews/widgets/_empty.html", {}
    return "reviews/widgets/_dashboard.html", selectors.review_dashboard(user)

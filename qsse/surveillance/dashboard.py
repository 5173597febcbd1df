"""The dashboard card of the module: the number of overdue controls."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qsse.core.choices import Operation
from qsse.core.permissions import can

from . import selectors
from .models import ControlPoint


def surveillance_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, ControlPoint):
        return "surveillance/widgets/_empty.html", {}
    return "surveillance/widgets/_dashboard.html", {
        "overdue": selectors.overdue_count(user, today=timezone.localdate())
    }

"""The dashboard card of the module: the DUERs whose yearly update (R4121-2) is due."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qsse.core.choices import Operation
from qsse.core.permissions import can

from . import selectors
from .models import Duer


def duer_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, Duer):
        return "duer/widgets/_empty.html", {}
    return "duer/widgets/_dashboard.html", {"due": selectors.due_updates(user, today=timezone.localdate())}

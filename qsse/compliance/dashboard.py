"""The card of the compliance module on the home dashboard: rate, open gaps, requirements to review."""

from __future__ import annotations

from typing import Any

from qsse.core.choices import Operation
from qsse.core.permissions import can

from . import selectors
from .models import ComplianceAssessment


def compliance_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, ComplianceAssessment):
        return "compliance/widgets/_empty.html", {}
    return "compliance/widgets/_dashboard.html", {"figures": selectors.widget_figures(user)}

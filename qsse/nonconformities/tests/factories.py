"""Test data built through the real services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, EfficacyResult

from .. import services
from ..choices import NonconformityKind, RootCauseSource


def make_nc(
    user: Any,
    site: Any,
    *,
    kind: str = NonconformityKind.NONCONFORMITY,
    title: str = "Burr on bore Ø12",
    detected_on: date | None = None,
    **fields: Any,
):
    if kind == NonconformityKind.COMPLAINT:
        fields.setdefault("customer_name", "Automobiles Peugeot")
        fields.setdefault("customer_reference", "CLM-2026-118")
    return services.nonconformity_create(
        user=user, kind=kind, title=title, site=site, detected_on=detected_on or date(2026, 3, 2), **fields
    )


def make_corrective_action(user: Any, nc: Any, owner: Any, *, title: str = "Add a deburring step"):
    root_cause = services.root_cause_add(
        user=user,
        nonconformity=nc,
        description="Worn deburring tool not replaced",
        source=RootCauseSource.OTHER,
    )
    action = services.root_cause_create_action(
        user=user,
        root_cause=root_cause,
        title=title,
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    return root_cause, action


def complete_action(user: Any, action: Any, *, result: str = EfficacyResult.EFFECTIVE):
    action = action_services.action_set_status(user=user, action=action, status=ActionStatus.DONE)
    return action_services.action_check_efficacy(user=user, action=action, result=result)

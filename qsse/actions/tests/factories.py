"""Test data for the action plan, built through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from qsse.actions import services
from qsse.actions.models import Action
from qsse.nonconformities.models import Nonconformity


def today() -> date:
    return timezone.localdate()


def make_action(
    *, user, owner=None, site=None, due_in: int = 10, title: str = "Deburr the shaft ends", **fields
) -> Action:
    """An action created by ``user`` through ``action_create`` (owner defaults to the user's person)."""
    return services.action_create(
        user=user,
        title=title,
        owner=owner or user.person,
        due_on=fields.pop("due_on", today() + timedelta(days=due_in)),
        site=site,
        **fields,
    )


def make_done(action: Action, user) -> Action:
    services.action_set_status(user=user, action=action, status="in_progress")
    return services.action_set_status(user=user, action=action, status="done")


def make_nc(site, reference: str = "NC-2026-0001", title: str = "Burr on shaft 12-A") -> Nonconformity:
    """A non-conformity to hang actions on (created directly: this app only needs a record with a site)."""
    return Nonconformity.objects.create(reference=reference, title=title, site=site, detected_on=today())

"""Reads of the action plan, scoped to the user and aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qsse.core.permissions import scope_queryset, user_person

from . import calculations
from .choices import OPEN_STATUSES, ActionStatus, EfficacyResult
from .models import Action

BOARD_COLUMNS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CHECKED)


def action_list(user: Any) -> QuerySet[Action]:
    """Actions the user may see, with owner, process and site joined."""
    return scope_queryset(user, Action.objects.select_related("owner", "process", "site"))


def action_get(user: Any, pk: int) -> Action:
    """One visible action, or Http404 (a record outside the user's scope does not exist for them)."""
    try:
        return (
            action_list(user)
            .select_related("follow_up_of", "efficacy_checked_by", "origin_content_type")
            .get(pk=pk)
        )
    except Action.DoesNotExist as error:
        raise Http404 from error


def action_mine(user: Any) -> QuerySet[Action]:
    """Visible actions owned by the user's directory entry (none when the user has no entry)."""
    person = user_person(user)
    if person is None:
        return Action.objects.none()
    return action_list(user).filter(owner=person)


def actions_for_origin(user: Any, origin: Model) -> QuerySet[Action]:
    """Visible actions raised from ``origin`` (a non-conformity, a finding...)."""
    return action_list(user).filter(
        origin_content_type=ContentType.objects.get_for_model(origin), origin_object_id=origin.pk
    )


def origin_actions_summary(origin: Model) -> dict[str, Any]:
    """Counts of every action of ``origin`` (unscoped: used by closing rules).

    ``all_effective`` is True when there is at least one action and every non-cancelled action is
    checked effective.
    """
    counts = Action.objects.filter(
        origin_content_type=ContentType.objects.get_for_model(origin), origin_object_id=origin.pk
    ).aggregate(
        total=Count("pk"),
        cancelled=Count("pk", filter=Q(status=ActionStatus.CANCELLED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        done_unchecked=Count("pk", filter=Q(status=ActionStatus.DONE)),
        effective=Count(
            "pk", filter=Q(status=ActionStatus.CHECKED, efficacy_result=EfficacyResult.EFFECTIVE)
        ),
        not_effective=Count(
            "pk", filter=Q(status=ActionStatus.CHECKED, efficacy_result=EfficacyResult.NOT_EFFECTIVE)
        ),
    )
    active = counts["total"] - counts["cancelled"]
    counts["all_effective"] = active > 0 and counts["effective"] == active
    return counts


def action_queryset_stats(queryset: QuerySet[Action], today: date | None = None) -> dict[str, int]:
    """Progress figures of a (filtered) set of actions, in one aggregate query.

    ``done_percent`` is the share of done or checked actions among the non-cancelled ones.
    """
    today = today or timezone.localdate()
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        done=Count("pk", filter=Q(status__in=(ActionStatus.DONE, ActionStatus.CHECKED))),
        to_check=Count("pk", filter=Q(status=ActionStatus.DONE)),
        cancelled=Count("pk", filter=Q(status=ActionStatus.CANCELLED)),
    )
    counts["done_percent"] = calculations.done_percent(counts["done"], counts["total"] - counts["cancelled"])
    return counts


def action_stats(user: Any, today: date | None = None) -> dict[str, int]:
    """Figures of every action the user may see: total, open, overdue, done, to_check, done_percent."""
    return action_queryset_stats(action_list(user), today)


@dataclass
class BoardColumn:
    status: str
    label: str
    cards: list[Action]
    count: int

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.cards))


def action_board(queryset: QuerySet[Action], limit: int = 50) -> list[BoardColumn]:
    """The Kanban columns of a (scoped, filtered) queryset: the ``limit`` most urgent cards of each
    status and the column's full count (1 grouped count + 1 query per column)."""
    counts = dict(
        queryset.order_by()
        .filter(status__in=BOARD_COLUMNS)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    columns = []
    for status in BOARD_COLUMNS:
        count = counts.get(status, 0)
        cards = list(queryset.filter(status=status).order_by("due_on", "pk")[:limit]) if count else []
        columns.append(BoardColumn(status=status, label=str(status.label), cards=cards, count=count))
    return columns


def action_calendar(user: Any) -> QuerySet[Action]:
    """The user's open actions and their done actions awaiting an efficacy check, for the iCal feed."""
    return action_mine(user).filter(
        Q(status__in=OPEN_STATUSES) | Q(status=ActionStatus.DONE, efficacy_check_due_on__isnull=False)
    )


def action_search(user: Any, query: str, limit: int) -> QuerySet[Action]:
    return (
        action_list(user)
        .filter(Q(reference__icontains=query) | Q(title__icontains=query))
        .order_by("-created_at")[:limit]
    )

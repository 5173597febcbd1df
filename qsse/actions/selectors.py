"""Reads of the action plan, scoped to the user and aggregated in the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qsse.core.permissions import scope_queryset, user_person, user_site_ids
from qsse.core.search_indexes import text_filter

from . import calculations
from .choices import OPEN_STATUSES, ActionStatus, EfficacyResult
from .models import Action

BOARD_COLUMNS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CHECKED)
# What a card shows (the rest of an action is not read: 200 cards are built on each board view).
BOARD_CARD_FIELDS = ("reference", "title", "status", "due_on", "owner__first_name", "owner__last_name")
BOARD_CHECKED_DAYS = 90  # the "efficacy checked" column of the board shows the checks of these last days


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


def site_parts(user: Any, queryset: QuerySet[Action]) -> list[QuerySet[Action]]:
    """``queryset`` cut into disjoint parts whose union is ``queryset``, each with a condition on the
    site that an index can use: for a user limited to some sites, the actions of those sites and the
    organisation-wide ones (no site); for everyone else, ``queryset`` itself.

    The scope ``site_id IN (…) OR site_id IS NULL`` stays on every part; on its own it makes SQLite
    and PostgreSQL read the whole (site, …) index, which counts and sums over a scoped set avoid by
    adding up the parts (a UNION of two index lookups).
    """
    site_ids = user_site_ids(user) if user is not None else None
    if site_ids is None:
        return [queryset]
    return [queryset.filter(site__in=site_ids), queryset.filter(site__isnull=True)]


def action_count(user: Any, queryset: QuerySet[Action]) -> int:
    """``COUNT(*)`` of a (scoped, filtered) set of actions, one indexed count per site part."""
    return sum(part.order_by().count() for part in site_parts(user, queryset))


def action_queryset_stats(
    queryset: QuerySet[Action], today: date | None = None, *, user: Any = None
) -> dict[str, int]:
    """Progress figures of a (filtered) set of actions: one grouped query by site and status (two
    for a user limited to some sites, see ``site_parts``), read from the (site, status, due_on) index.

    ``done_percent`` is the share of done or checked actions among the non-cancelled ones.
    """
    today = today or timezone.localdate()
    by_status: Counter[str] = Counter()
    overdue = 0
    for part in site_parts(user, queryset):
        rows = (
            part.order_by()
            .values("site", "status")
            .annotate(n=Count("*"), late=Count("due_on", filter=Q(due_on__lt=today)))
            .values_list("status", "n", "late")
        )
        for status, n, late in rows:
            by_status[status] += n
            if status in OPEN_STATUSES:
                overdue += late
    counts = {
        "total": sum(by_status.values()),
        "open": sum(by_status[status] for status in OPEN_STATUSES),
        "overdue": overdue,
        "done": by_status[ActionStatus.DONE] + by_status[ActionStatus.CHECKED],
        "to_check": by_status[ActionStatus.DONE],
        "cancelled": by_status[ActionStatus.CANCELLED],
    }
    counts["done_percent"] = calculations.done_percent(counts["done"], counts["total"] - counts["cancelled"])
    return counts


def action_stats(user: Any, today: date | None = None) -> dict[str, int]:
    """Figures of every action the user may see: total, open, overdue, done, to_check, done_percent."""
    return action_queryset_stats(action_list(user), today, user=user)


@dataclass
class BoardColumn:
    status: str
    label: str
    cards: list[Action]
    count: int
    checked_since: date | None = None  # the "efficacy checked" column holds the checks from that day

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.cards))


def action_board(
    user: Any,
    queryset: QuerySet[Action],
    *,
    limit: int = 50,
    today: date | None = None,
    checked_days: int = BOARD_CHECKED_DAYS,
) -> list[BoardColumn]:
    """The Kanban columns of a (scoped, filtered) queryset, each with its ``limit`` first cards and
    its count.

    The planned, in-progress and done columns show the most urgent actions first. The "efficacy
    checked" column, which would grow forever, holds the actions checked in the last
    ``checked_days`` days, most recent first. Per column: one query for the cards (the (status,
    due_on) or (status, efficacy_checked_on) index gives them in order) and, only when the cards fill
    the limit, ``COUNT(*)`` queries on the same index (see ``site_parts``).
    """
    today = today or timezone.localdate()
    checked_since = today - timedelta(days=checked_days)
    columns = []
    for status in BOARD_COLUMNS:
        if status == ActionStatus.CHECKED:
            column = queryset.filter(status=status, efficacy_checked_on__gte=checked_since)
            ordering: tuple[str, ...] = ("-efficacy_checked_on", "-pk")
        else:
            column = queryset.filter(status=status)
            ordering = ("due_on", "pk")
        cards = list(
            column.select_related(None)
            .select_related("owner")
            .only(*BOARD_CARD_FIELDS)
            .order_by(*ordering)[:limit]
        )
        count = action_count(user, column) if len(cards) >= limit else len(cards)
        columns.append(
            BoardColumn(
                status=status,
                label=str(status.label),
                cards=cards,
                count=count,
                checked_since=checked_since if status == ActionStatus.CHECKED else None,
            )
        )
    return columns


def action_calendar(user: Any) -> QuerySet[Action]:
    """The user's open actions and their done actions awaiting an efficacy check, for the iCal feed."""
    return action_mine(user).filter(
        Q(status__in=OPEN_STATUSES) | Q(status=ActionStatus.DONE, efficacy_check_due_on__isnull=False)
    )


def action_search(user: Any, query: str, limit: int) -> QuerySet[Action]:
    return text_filter(action_list(user), query, first_rows_only=True).order_by("-created_at")[:limit]

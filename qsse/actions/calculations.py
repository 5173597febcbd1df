"""Pure computations of the action plan: lateness, completion rate, reminders, status moves.

Plain values in and out; no ORM, no clock (``today`` is passed in). Statuses are the stored
values of ``qsse.actions.choices.ActionStatus``.
"""

from __future__ import annotations

from datetime import date

PLANNED = "planned"
IN_PROGRESS = "in_progress"
DONE = "done"
CHECKED = "checked"
CANCELLED = "cancelled"

OPEN = frozenset({PLANNED, IN_PROGRESS})
# Moves a user may make with the status buttons or the Kanban board; "checked" is reached only
# through the efficacy check, and leaving it only by reopening after a "not effective" result.
MANUAL_MOVES: dict[str, frozenset[str]] = {
    PLANNED: frozenset({IN_PROGRESS, DONE, CANCELLED}),
    IN_PROGRESS: frozenset({PLANNED, DONE, CANCELLED}),
    DONE: frozenset({PLANNED, IN_PROGRESS, CANCELLED}),
    CANCELLED: frozenset({PLANNED}),
    CHECKED: frozenset(),
}

REMINDER_DUE_SOON = "due_soon"
REMINDER_OVERDUE = "overdue"


def is_overdue(due_on: date | None, status: str, today: date) -> bool:
    """True when an open action (planned or in progress) has passed its due date."""
    return due_on is not None and status in OPEN and due_on < today


def days_late(due_on: date, today: date, completed_on: date | None = None) -> int:
    """Days past the due date: at completion for a completed action, today otherwise; never negative."""
    reference = completed_on or today
    return max(0, (reference - due_on).days)


def done_percent(done: int, total: int) -> int:
    """Share of ``done`` in ``total`` as a whole percentage, rounded half up; 0 when there is nothing."""
    if total <= 0:
        return 0
    return (200 * done + total) // (2 * total)


def status_move_allowed(current: str, target: str) -> bool:
    """Whether a manual status change from ``current`` to ``target`` is allowed."""
    return target in MANUAL_MOVES.get(current, frozenset())


def reminder_kind(due_on: date, status: str, today: date, window_days: int = 7) -> str | None:
    """``"overdue"`` for an open action past its due date, ``"due_soon"`` when it falls within
    ``window_days`` days from today (today included), otherwise None."""
    if status not in OPEN:
        return None
    if due_on < today:
        return REMINDER_OVERDUE
    if (due_on - today).days <= window_days:
        return REMINDER_DUE_SOON
    return None

"""Reads of the action plan: scoping, origin summary, progress figures, board columns."""

from datetime import timedelta

import pytest

from qsse.actions import selectors, services
from qsse.actions.models import Action
from qsse.core.choices import Role

from .factories import make_action, make_done, make_nc, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True, username="manager")


def test_action_list_is_scoped_to_the_users_sites(manager, member, site_a, site_b):
    in_a = make_action(user=manager.user, site=site_a)
    make_action(user=manager.user, site=site_b)
    organisation_wide = make_action(user=manager.user, site=None)
    reader_a = member(Role.READER)
    assert set(selectors.action_list(reader_a.user)) == {in_a, organisation_wide}
    assert selectors.action_list(manager.user).count() == 3


def test_action_mine_and_actions_for_origin(manager, member, site_a):
    operator = member(Role.CONTRIBUTOR, username="operator")
    nc = make_nc(site_a)
    mine = make_action(user=manager.user, owner=operator, origin=nc)
    make_action(user=manager.user, owner=manager, origin=nc)
    make_action(user=manager.user, owner=operator)
    assert list(selectors.action_mine(operator.user).filter(origin_object_id=nc.pk)) == [mine]
    assert selectors.action_mine(operator.user).count() == 2
    assert selectors.actions_for_origin(manager.user, nc).count() == 2


def test_origin_actions_summary(manager, site_a):
    nc = make_nc(site_a)
    empty = selectors.origin_actions_summary(nc)
    assert (empty["total"], empty["all_effective"]) == (0, False)

    effective = make_done(make_action(user=manager.user, origin=nc), manager.user)
    services.action_check_efficacy(user=manager.user, action=effective, result="effective")
    cancelled = make_action(user=manager.user, origin=nc)
    services.action_set_status(user=manager.user, action=cancelled, status="cancelled")
    summary = selectors.origin_actions_summary(nc)
    # One effective action, one cancelled: every non-cancelled action is effective.
    assert summary["all_effective"] is True
    assert (summary["total"], summary["effective"], summary["cancelled"]) == (2, 1, 1)

    done = make_done(make_action(user=manager.user, origin=nc), manager.user)
    make_action(user=manager.user, origin=nc)
    not_effective = make_done(make_action(user=manager.user, origin=nc), manager.user)
    services.action_check_efficacy(user=manager.user, action=not_effective, result="not_effective")
    summary = selectors.origin_actions_summary(nc)
    assert summary == {
        "total": 5,
        "cancelled": 1,
        "open": 1,
        "done_unchecked": 1,
        "effective": 1,
        "not_effective": 1,
        "all_effective": False,
    }
    assert done.status == "done"


def test_action_stats_hand_worked(manager):
    make_action(user=manager.user, due_in=-3)  # planned, overdue
    make_action(user=manager.user, due_in=4)  # planned
    in_progress = make_action(user=manager.user, due_in=-1)
    services.action_set_status(user=manager.user, action=in_progress, status="in_progress")  # overdue
    make_done(make_action(user=manager.user, due_in=-10), manager.user)  # done late: not overdue
    checked = make_done(make_action(user=manager.user), manager.user)
    services.action_check_efficacy(user=manager.user, action=checked, result="effective")
    cancelled = make_action(user=manager.user, due_in=-20)
    services.action_set_status(user=manager.user, action=cancelled, status="cancelled")

    stats = selectors.action_stats(manager.user)
    # 6 actions, 1 cancelled: done or checked = 2 of 5 -> 40 %.
    assert stats == {
        "total": 6,
        "open": 3,
        "overdue": 2,
        "done": 2,
        "to_check": 1,
        "cancelled": 1,
        "done_percent": 40,
    }


def test_action_board_limits_cards_and_counts_the_rest(manager, django_assert_num_queries):
    for days in (9, 3, 6):
        make_action(user=manager.user, due_in=days)
    make_done(make_action(user=manager.user), manager.user)
    queryset = selectors.action_list(manager.user)
    # One query for the cards of each column, and a COUNT(*) only for the column whose cards fill
    # the limit (planned: 3 actions, 2 cards).
    with django_assert_num_queries(5):
        columns = selectors.action_board(manager.user, queryset, limit=2)
    planned, in_progress, done, checked = columns
    assert [c.status for c in columns] == ["planned", "in_progress", "done", "checked"]
    assert (planned.count, len(planned.cards), planned.more) == (3, 2, 1)
    # Most urgent first.
    assert [card.due_on for card in planned.cards] == [
        today() + timedelta(days=3),
        today() + timedelta(days=6),
    ]
    assert (in_progress.count, done.count, checked.count) == (0, 1, 0)


def test_board_checked_column_holds_the_checks_of_the_last_90_days(manager):
    first, second, third = (make_done(make_action(user=manager.user), manager.user) for _ in range(3))
    for action in (first, second, third):
        services.action_check_efficacy(user=manager.user, action=action, result="effective")
    # Checked 5 and 2 days ago (completed the same day): the most recent check comes first.
    Action.objects.filter(pk=first.pk).update(
        efficacy_checked_on=today() - timedelta(days=5), completed_on=today() - timedelta(days=5)
    )
    Action.objects.filter(pk=second.pk).update(
        efficacy_checked_on=today() - timedelta(days=2), completed_on=today() - timedelta(days=2)
    )
    queryset = selectors.action_list(manager.user)
    checked = selectors.action_board(manager.user, queryset)[3]
    assert checked.checked_since == today() - timedelta(days=90)
    assert [card.pk for card in checked.cards] == [third.pk, second.pk, first.pk]
    # 88 days on, the check of 5 days ago is 93 days old and leaves the column; 90 days old still counts.
    later = selectors.action_board(manager.user, queryset, today=today() + timedelta(days=88))[3]
    assert [card.pk for card in later.cards] == [third.pk, second.pk]
    assert later.count == 2
    assert selectors.action_board(manager.user, queryset, today=today() + timedelta(days=91))[3].count == 0


def test_scoped_counts_add_up_the_users_sites_and_the_organisation_wide_actions(
    manager, member, site_a, site_b, django_assert_num_queries
):
    for site in (site_a, site_a, site_a, site_b, site_b, None, None):
        make_action(user=manager.user, site=site, due_in=-1)
    reader_a = member(Role.READER, username="reader-a")
    queryset = selectors.action_list(reader_a.user)
    parts = selectors.site_parts(reader_a.user, queryset)
    assert [part.count() for part in parts] == [3, 2]  # site A, no site
    assert selectors.site_parts(manager.user, queryset) == [queryset]
    # One grouped query per part.
    with django_assert_num_queries(2):
        stats = selectors.action_queryset_stats(queryset, user=reader_a.user)
    assert (stats["total"], stats["open"], stats["overdue"]) == (5, 5, 5)
    assert stats == selectors.action_queryset_stats(queryset)  # the same figures without the split
    planned = selectors.action_board(reader_a.user, queryset, limit=1)[0]
    assert (len(planned.cards), planned.count) == (1, 5)
    assert selectors.action_count(reader_a.user, queryset) == 5

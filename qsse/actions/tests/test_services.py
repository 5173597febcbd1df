"""Writes of the action plan: numbering, origin, workflow, efficacy, permissions, notifications, reminders."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from qsse.actions import services
from qsse.actions.models import Action
from qsse.actions.tasks import send_action_reminders
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent, Notification

from .factories import make_action, make_done, make_nc, today

pytestmark = pytest.mark.django_db


def verbs(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        BusinessEvent.objects.filter(content_type=content_type, object_id=obj.pk).values_list(
            "verb", flat=True
        )
    )


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager")


@pytest.fixture
def operator(member):
    return member(Role.CONTRIBUTOR, username="operator")


# Creation


def test_create_numbers_links_origin_and_takes_its_site(manager, operator, site_a):
    nc = make_nc(site_a)
    action = make_action(user=manager.user, owner=operator, origin=nc, title="  Replace the worn insert  ")
    first_year = today().year
    assert action.reference == f"ACT-{first_year}-0001"
    assert make_action(user=manager.user).reference == f"ACT-{first_year}-0002"
    assert action.title == "Replace the worn insert"
    assert action.origin == nc
    assert action.origin_label == str(nc)
    assert action.site == site_a
    assert action.status == "planned"
    assert action.created_by == manager.user
    assert verbs(action) == ["Action created"]


def test_create_notifies_the_owner_but_not_someone_assigning_themselves(manager, operator):
    action = make_action(user=manager.user, owner=operator)
    notification = Notification.objects.get(recipient=operator.user)
    assert notification.kind == "action_assigned"
    assert action.reference in notification.subject
    assert notification.url == f"/actions/{action.pk}/"
    make_action(user=manager.user, owner=manager)
    assert not Notification.objects.filter(recipient=manager.user).exists()


def test_invalid_creation_gives_field_errors_and_saves_nothing(manager):
    with pytest.raises(ValidationError) as error:
        make_action(
            user=manager.user, title="", due_on=today(), efficacy_check_due_on=today() - timedelta(days=1)
        )
    assert set(error.value.message_dict) == {"title", "efficacy_check_due_on"}
    assert Action.objects.count() == 0


def test_reader_cannot_create(member, site_a):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        make_action(user=reader.user, site=site_a)
    assert Action.objects.count() == 0


def test_user_of_another_site_cannot_create_there(member, site_b):
    contributor = member(Role.CONTRIBUTOR)  # scoped to site A
    with pytest.raises(PermissionDenied):
        make_action(user=contributor.user, site=site_b)
    assert Action.objects.count() == 0


# Update


def test_update_changes_owner_notifies_and_records_postponement(manager, operator, member):
    action = make_action(user=manager.user, owner=manager, due_in=5)
    other = member(Role.CONTRIBUTOR, username="welder")
    old_due = action.due_on
    services.action_update(user=manager.user, action=action, owner=other, due_on=old_due + timedelta(days=14))
    action.refresh_from_db()
    assert action.owner == other
    assert Notification.objects.filter(recipient=other.user, kind="action_assigned").count() == 1
    assert verbs(action) == ["Action created", "Owner changed", "Due date postponed"]


def test_update_refuses_status_and_unknown_fields(manager):
    action = make_action(user=manager.user)
    with pytest.raises(TypeError):
        services.action_update(user=manager.user, action=action, status="done")
    with pytest.raises(TypeError):
        services.action_update(user=manager.user, action=action, reference="X")


def test_user_of_another_site_cannot_edit(member, manager, site_a, site_b):
    action = make_action(user=manager.user, site=site_a)
    stranger = member(Role.PROCESS_OWNER, site=site_b, username="moulins")
    with pytest.raises(PermissionDenied):
        services.action_update(user=stranger.user, action=action, title="Hijacked")
    with pytest.raises(PermissionDenied):
        services.action_set_status(user=stranger.user, action=action, status="in_progress")
    action.refresh_from_db()
    assert (action.title, action.status) == ("Deburr the shaft ends", "planned")


def test_contributor_edits_own_action_only(manager, operator, member, site_a):
    own = make_action(user=manager.user, owner=operator, site=site_a)
    services.action_set_status(user=operator.user, action=own, status="in_progress")
    assert own.status == "in_progress"
    colleague = member(Role.CONTRIBUTOR, username="colleague")
    other = make_action(user=manager.user, owner=colleague, site=site_a)
    with pytest.raises(PermissionDenied):
        services.action_set_status(user=operator.user, action=other, status="in_progress")


def test_moving_an_action_to_another_site_needs_rights_there(member, site_a, site_b):
    manager_a = member(Role.QSSE_MANAGER, username="manager-a")
    action = make_action(user=manager_a.user, site=site_a)
    with pytest.raises(PermissionDenied):
        services.action_update(user=manager_a.user, action=action, site=site_b)


# Status workflow


def test_status_workflow_keeps_dates_and_progress_consistent(manager):
    action = make_action(user=manager.user)
    services.action_set_status(user=manager.user, action=action, status="in_progress")
    assert (action.started_on, action.completed_on) == (today(), None)
    services.action_set_status(user=manager.user, action=action, status="done")
    assert (action.completed_on, action.progress) == (today(), 100)
    services.action_set_status(user=manager.user, action=action, status="in_progress")
    assert (action.completed_on, action.progress) == (None, 90)
    services.action_set_status(user=manager.user, action=action, status="planned")
    assert (action.started_on, action.progress) == (None, 0)
    services.action_set_status(user=manager.user, action=action, status="cancelled")
    action.refresh_from_db()
    assert action.status == "cancelled"
    assert verbs(action) == ["Action created"] + ["Status changed"] * 4 + ["Action cancelled"]


def test_checked_is_reached_only_by_the_efficacy_check(manager):
    action = make_done(make_action(user=manager.user), manager.user)
    with pytest.raises(ValidationError) as error:
        services.action_set_status(user=manager.user, action=action, status="checked")
    assert "status" in error.value.message_dict
    action.refresh_from_db()
    assert action.status == "done"


def test_cancelled_action_cannot_jump_to_done(manager):
    action = make_action(user=manager.user)
    services.action_set_status(user=manager.user, action=action, status="cancelled")
    with pytest.raises(ValidationError):
        services.action_set_status(user=manager.user, action=action, status="done")


# Efficacy check


def test_effective_check_records_the_result(manager):
    action = make_done(make_action(user=manager.user), manager.user)
    result = services.action_check_efficacy(
        user=manager.user, action=action, result="effective", comment="No recurrence on 3 lots"
    )
    assert result == action
    action.refresh_from_db()
    assert action.status == "checked"
    assert action.efficacy_result == "effective"
    assert action.efficacy_checked_on == today()
    assert action.efficacy_checked_by == manager
    assert action.efficacy_comment == "No recurrence on 3 lots"
    assert verbs(action)[-1] == "Efficacy checked"


def test_efficacy_check_needs_a_done_action(manager):
    action = make_action(user=manager.user)
    with pytest.raises(ValidationError) as error:
        services.action_check_efficacy(user=manager.user, action=action, result="effective")
    assert "status" in error.value.message_dict
    action.refresh_from_db()
    assert action.status == "planned" and action.efficacy_result == ""


def test_efficacy_check_date_cannot_be_in_the_future(manager):
    action = make_done(make_action(user=manager.user), manager.user)
    with pytest.raises(ValidationError) as error:
        services.action_check_efficacy(
            user=manager.user, action=action, result="effective", checked_on=today() + timedelta(days=1)
        )
    assert "checked_on" in error.value.message_dict


def test_not_effective_with_reopen_puts_the_action_back_in_progress(manager):
    action = make_done(make_action(user=manager.user), manager.user)
    result = services.action_check_efficacy(
        user=manager.user,
        action=action,
        result="not_effective",
        comment="Burrs again on lot 42",
        follow_up="reopen",
    )
    assert result == action
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert (action.efficacy_result, action.efficacy_checked_on, action.completed_on) == ("", None, None)
    assert verbs(action)[-2:] == ["Efficacy checked", "Action reopened"]
    # The not-effective check stays in the change history.
    assert action.history.filter(efficacy_result="not_effective", status="checked").count() == 1


def test_not_effective_with_new_action_creates_a_follow_up(manager, site_a):
    nc = make_nc(site_a)
    action = make_done(make_action(user=manager.user, origin=nc, priority=3), manager.user)
    new_action = services.action_check_efficacy(
        user=manager.user,
        action=action,
        result="not_effective",
        comment="Still burrs",
        follow_up="new_action",
    )
    action.refresh_from_db()
    assert (action.status, action.efficacy_result) == ("checked", "not_effective")
    assert new_action.pk != action.pk
    assert new_action.follow_up_of == action
    assert new_action.origin == nc and new_action.site == site_a
    assert new_action.priority == 3
    assert new_action.status == "planned"
    assert new_action.due_on == today() + timedelta(days=30)
    assert verbs(action)[-1] == "Follow-up action created"


def test_a_follow_up_is_refused_when_effective(manager):
    action = make_done(make_action(user=manager.user), manager.user)
    with pytest.raises(ValidationError) as error:
        services.action_check_efficacy(
            user=manager.user, action=action, result="effective", follow_up="reopen"
        )
    assert "follow_up" in error.value.message_dict


def test_owner_without_closing_right_cannot_check_efficacy(manager, operator):
    action = make_done(make_action(user=manager.user, owner=operator), operator.user)
    with pytest.raises(PermissionDenied):
        services.action_check_efficacy(user=operator.user, action=action, result="effective")
    action.refresh_from_db()
    assert action.status == "done"


def test_delete_needs_the_delete_right(manager, member):
    action = make_action(user=manager.user)
    process_owner = member(Role.PROCESS_OWNER)
    with pytest.raises(PermissionDenied):
        services.action_delete(user=process_owner.user, action=action)
    services.action_delete(user=manager.user, action=action)
    assert not Action.objects.exists()


# Reminders


def test_reminders_go_once_per_action_kind_and_due_date(manager, operator):
    soon = make_action(user=manager.user, owner=operator, due_in=3, title="Calibrate the torque wrench")
    late = make_action(user=manager.user, owner=operator, due_in=-2, title="Update the control plan")
    make_action(user=manager.user, owner=operator, due_in=8)  # beyond the 7-day window
    done = make_action(user=manager.user, owner=operator, due_in=-5)
    make_done(done, manager.user)
    Notification.objects.all().delete()  # forget the assignment notifications

    assert services.action_reminders_send() == 2
    assert services.action_reminders_send() == 0  # dedup: a second run sends nothing
    subjects = sorted(Notification.objects.values_list("subject", flat=True))
    # Notifications are written in the organisation's language (French).
    assert subjects == sorted([f"Action proche de son échéance : {soon}", f"Action en retard : {late}"])
    late_notification = Notification.objects.get(kind="action_overdue")
    assert "(2 jours de retard)" in late_notification.body

    # A postponed action is reminded again for its new due date.
    services.action_update(user=manager.user, action=soon, due_on=soon.due_on + timedelta(days=2))
    Notification.objects.filter(kind="action_assigned").delete()
    assert services.action_reminders_send() == 1


def test_reminder_task_and_command(manager, operator):
    make_action(user=manager.user, owner=operator, due_in=1)
    result = send_action_reminders.enqueue()
    assert result.return_value == 1
    call_command("send_action_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(kind="action_due_soon").count() == 1

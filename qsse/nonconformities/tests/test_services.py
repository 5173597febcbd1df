"""Writes of the module: numbering, workflow, closing rule, permissions, atomicity."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions.choices import ActionType, EfficacyResult
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent, ReferenceCounter
from qsse.nonconformities import services
from qsse.nonconformities.choices import (
    IshikawaCategory,
    NonconformityKind,
    NonconformityStatus,
    Origin,
    RootCauseSource,
)
from qsse.nonconformities.models import EightDReport, IshikawaCause, Nonconformity, RootCause, WhyStep

from .factories import complete_action, make_corrective_action, make_nc

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER)


def verbs(nc):
    return list(BusinessEvent.objects.filter(object_id=nc.pk).order_by("pk").values_list("verb", flat=True))


def test_references_are_numbered_per_kind_and_year(manager, site_a):
    user = manager.user
    first = make_nc(user, site_a)
    second = make_nc(user, site_a)
    incident = make_nc(user, site_a, kind=NonconformityKind.INCIDENT)
    complaint = make_nc(user, site_a, kind=NonconformityKind.COMPLAINT)
    older = make_nc(user, site_a, detected_on=date(2025, 12, 30))
    assert [first.reference, second.reference, incident.reference, complaint.reference, older.reference] == [
        "NC-2026-0001",
        "NC-2026-0002",
        "INC-2026-0001",
        "REC-2026-0001",
        "NC-2025-0001",
    ]
    assert complaint.origin == Origin.CUSTOMER
    assert first.detected_by == manager and first.created_by == user
    assert verbs(first) == ["Non-conformity reported"]


def test_a_complaint_needs_the_customer_reference_and_nothing_is_saved(manager, site_a):
    with pytest.raises(ValidationError) as error:
        services.nonconformity_create(
            user=manager.user,
            kind=NonconformityKind.COMPLAINT,
            title="Scratched parts",
            site=site_a,
            detected_on=date(2026, 3, 2),
            customer_name="Stellantis",
        )
    assert list(error.value.message_dict) == ["customer_reference"]
    assert Nonconformity.objects.count() == 0
    assert not ReferenceCounter.objects.filter(prefix="REC").exists()


def test_invalid_fields_give_field_errors_and_save_nothing(manager, site_a):
    with pytest.raises(ValidationError) as error:
        services.nonconformity_create(
            user=manager.user,
            kind=NonconformityKind.NONCONFORMITY,
            title="",
            site=site_a,
            detected_on=date(2999, 1, 1),
            cost_of_nonquality=-5,
        )
    assert set(error.value.message_dict) == {"title", "detected_on", "cost_of_nonquality"}
    assert Nonconformity.objects.count() == 0 and BusinessEvent.objects.count() == 0


def test_permission_denials(member, site_a, site_b, manager):
    reader = member(Role.READER)
    other_site = member(Role.QSSE_MANAGER, site=site_b)
    contributor = member(Role.CONTRIBUTOR)
    with pytest.raises(PermissionDenied):
        make_nc(reader.user, site_a)
    with pytest.raises(PermissionDenied):
        make_nc(other_site.user, site_a)
    nc = make_nc(manager.user, site_a)
    with pytest.raises(PermissionDenied):
        services.why_steps_set(user=other_site.user, nonconformity=nc, steps=[("Why?", "Because")])
    with pytest.raises(PermissionDenied):
        services.nonconformity_update(user=contributor.user, nonconformity=nc, title="Changed")
    with pytest.raises(PermissionDenied):
        services.nonconformity_close(user=contributor.user, nonconformity=nc)
    with pytest.raises(PermissionDenied):
        services.nonconformity_update(user=manager.user, nonconformity=nc, site=site_b)
    nc.refresh_from_db()
    assert nc.title == "Burr on bore Ø12" and nc.site == site_a and not nc.why_steps.exists()


def test_a_contributor_edits_what_they_detected(member, site_a):
    contributor = member(Role.CONTRIBUTOR)
    nc = make_nc(contributor.user, site_a)
    assert nc.detected_by == contributor
    services.nonconformity_update(user=contributor.user, nonconformity=nc, title="Burr on bore Ø12 H7")
    nc.refresh_from_db()
    assert nc.title == "Burr on bore Ø12 H7"


def test_the_kind_cannot_change(manager, site_a):
    nc = make_nc(manager.user, site_a)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_update(user=manager.user, nonconformity=nc, kind=NonconformityKind.COMPLAINT)
    assert "kind" in error.value.message_dict


def test_five_whys_start_the_analysis_and_replace_the_chain(manager, site_a):
    nc = make_nc(manager.user, site_a)
    steps = [
        ("Why is there a burr?", "The deburring tool is worn"),
        ("Why is the tool worn?", "It was not replaced at its tool life"),
        ("Why not replaced?", "No tool-life counter on the machine"),
    ]
    services.why_steps_set(user=manager.user, nonconformity=nc, steps=steps)
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.ANALYSIS
    assert list(nc.why_steps.values_list("position", "answer")) == [
        (1, "The deburring tool is worn"),
        (2, "It was not replaced at its tool life"),
        (3, "No tool-life counter on the machine"),
    ]
    services.why_steps_set(user=manager.user, nonconformity=nc, steps=steps[:1])
    assert nc.why_steps.count() == 1
    root_cause = services.why_retain_last_answer(user=manager.user, nonconformity=nc)
    assert (root_cause.description, root_cause.source) == (
        "The deburring tool is worn",
        RootCauseSource.FIVE_WHYS,
    )
    assert verbs(nc) == [
        "Non-conformity reported",
        "5 whys updated",
        "Status changed",
        "5 whys updated",
        "Root cause retained",
    ]


def test_an_incomplete_why_saves_nothing(manager, site_a):
    nc = make_nc(manager.user, site_a)
    services.why_steps_set(user=manager.user, nonconformity=nc, steps=[("Why?", "Because A")])
    with pytest.raises(ValidationError):
        services.why_steps_set(
            user=manager.user, nonconformity=nc, steps=[("Why?", "Because B"), ("Why?", "")]
        )
    with pytest.raises(ValidationError):
        services.why_steps_set(user=manager.user, nonconformity=nc, steps=[("Q", "A")] * 8)
    assert list(WhyStep.objects.values_list("answer", flat=True)) == ["Because A"]


def test_ishikawa_causes_sub_causes_and_retained_causes(manager, site_a):
    nc = make_nc(manager.user, site_a)
    cause = services.ishikawa_cause_add(
        user=manager.user, nonconformity=nc, category=IshikawaCategory.MACHINE, text="Worn tool"
    )
    sub = services.ishikawa_cause_add(
        user=manager.user,
        nonconformity=nc,
        category=IshikawaCategory.METHOD,
        text="No tool-life counter",
        parent=cause,
        is_retained=True,
    )
    assert sub.category == IshikawaCategory.MACHINE  # a sub-cause stays in its parent's "M"
    root_cause = RootCause.objects.get()
    assert (root_cause.ishikawa_cause, root_cause.source) == (sub, RootCauseSource.ISHIKAWA)
    with pytest.raises(ValidationError):
        services.ishikawa_cause_add(
            user=manager.user,
            nonconformity=nc,
            category=IshikawaCategory.MACHINE,
            text="Too deep",
            parent=sub,
        )
    services.ishikawa_cause_set_retained(user=manager.user, cause=sub, is_retained=False)
    assert not RootCause.objects.exists()
    services.ishikawa_cause_remove(user=manager.user, cause=cause)
    assert not IshikawaCause.objects.exists()
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.ANALYSIS


def test_a_cause_with_corrective_actions_cannot_be_removed(manager, site_a):
    nc = make_nc(manager.user, site_a)
    cause = services.ishikawa_cause_add(
        user=manager.user,
        nonconformity=nc,
        category=IshikawaCategory.MACHINE,
        text="Worn tool",
        is_retained=True,
    )
    services.root_cause_create_action(
        user=manager.user,
        root_cause=cause.root_causes.get(),
        title="Tool-life counter",
        owner=manager,
        due_on=date(2026, 12, 31),
    )
    with pytest.raises(ValidationError):
        services.ishikawa_cause_remove(user=manager.user, cause=cause)
    assert IshikawaCause.objects.filter(pk=cause.pk).exists()


def test_a_corrective_action_is_created_in_the_action_plan(manager, site_a):
    nc = make_nc(manager.user, site_a)
    root_cause, action = make_corrective_action(manager.user, nc, manager)
    assert action.reference.startswith("ACT-")
    assert (action.type, action.site, action.owner, action.origin) == (
        ActionType.CORRECTIVE,
        site_a,
        manager,
        nc,
    )
    assert list(root_cause.actions.all()) == [action]
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.ACTION
    assert "Corrective action created" in verbs(nc)


def test_close_is_refused_until_every_action_is_done_and_effective(manager, site_a):
    nc = make_nc(manager.user, site_a)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(user=manager.user, nonconformity=nc)
    assert error.value.messages == ["Aucune action corrective n’a encore été créée."]
    _, action = make_corrective_action(manager.user, nc, manager)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(user=manager.user, nonconformity=nc)
    assert error.value.messages == ["1 action n’est pas encore réalisée."]
    complete_action(manager.user, action, result=EfficacyResult.NOT_EFFECTIVE)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(user=manager.user, nonconformity=nc)
    assert error.value.messages == ["1 action a été jugée non efficace : donnez-lui une suite."]
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.ACTION

    second = make_nc(manager.user, site_a, title="Scratches")
    _, action = make_corrective_action(manager.user, second, manager)
    complete_action(manager.user, action)
    closed = services.nonconformity_close(
        user=manager.user, nonconformity=second, comment="No recurrence in 3 months"
    )
    assert closed.status == NonconformityStatus.CLOSED
    assert closed.closed_by == manager.user and closed.closure_comment == "No recurrence in 3 months"
    assert verbs(second)[-1] == "Non-conformity closed"
    with pytest.raises(ValidationError):
        services.why_steps_set(user=manager.user, nonconformity=closed, steps=[("Why?", "Because")])


def test_cancel_and_reopen(manager, site_a):
    nc = make_nc(manager.user, site_a)
    with pytest.raises(ValidationError):
        services.nonconformity_cancel(user=manager.user, nonconformity=nc, reason=" ")
    nc = services.nonconformity_cancel(
        user=manager.user, nonconformity=nc, reason="Duplicate of NC-2026-0002"
    )
    assert nc.status == NonconformityStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.nonconformity_update(user=manager.user, nonconformity=nc, title="x")
    nc = services.nonconformity_reopen(
        user=manager.user, nonconformity=nc, reason="Not a duplicate after all"
    )
    assert (nc.status, nc.closure_comment) == (NonconformityStatus.OPEN, "")
    assert verbs(nc)[-2:] == ["Non-conformity cancelled", "Non-conformity reopened"]


def test_eight_d_is_saved_once_and_updated(manager, site_a):
    nc = make_nc(manager.user, site_a, kind=NonconformityKind.COMPLAINT)
    services.eight_d_save(user=manager.user, nonconformity=nc, d1_team="A. Martin (QSSE)")
    report = services.eight_d_save(user=manager.user, nonconformity=nc, d2_problem="Scratches on 40 parts")
    assert EightDReport.objects.count() == 1
    assert (report.d1_team, report.d2_problem) == ("A. Martin (QSSE)", "Scratches on 40 parts")
    with pytest.raises(TypeError):
        services.eight_d_save(user=manager.user, nonconformity=nc, title="not an 8D field")


def test_a_failed_action_creation_leaves_no_root_cause_link_nor_event(manager, site_a):
    nc = make_nc(manager.user, site_a)
    root_cause = services.root_cause_add(
        user=manager.user, nonconformity=nc, description="Worn tool", source=RootCauseSource.OTHER
    )
    with pytest.raises(ValidationError):
        services.root_cause_create_action(
            user=manager.user, root_cause=root_cause, title="", owner=manager, due_on=date(2026, 12, 31)
        )
    assert not Action.objects.exists() and not root_cause.actions.exists()
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.ANALYSIS

"""Writes on the process map: permissions per role, validation, business events."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.core.choices import Role
from qsse.core.models import BusinessEvent, Notification
from qsse.processes import selectors, services
from qsse.processes.models import Process, ProcessInteraction

pytestmark = pytest.mark.django_db


def events(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        BusinessEvent.objects.filter(content_type=content_type, object_id=obj.pk)
        .order_by("pk")
        .values_list("verb", "detail")
    )


def test_manager_creates_a_process_at_the_end_of_its_band(manager, make_process):
    make_process("R01", kind="realisation")
    make_process("R02", kind="realisation", position=7)
    make_process("S01", kind="support")
    process = services.process_create(user=manager.user, code=" r03 ", name=" Machining ", kind="realisation")
    assert (process.code, process.name, process.position, process.is_active) == ("R03", "Machining", 8, True)
    assert events(process) == [("Process created", "R03 – Machining")]


@pytest.mark.parametrize("role", [Role.PROCESS_OWNER, Role.AUDITOR, Role.CONTRIBUTOR, Role.READER])
def test_only_managers_create_processes(member, role):
    person = member(role)
    with pytest.raises(PermissionDenied):
        services.process_create(user=person.user, code="R01", name="Sales", kind="realisation")
    assert not Process.objects.exists()


def test_administrator_creates_processes(member):
    admin = member(Role.ADMINISTRATOR, all_sites=True)
    process = services.process_create(user=admin.user, code="M01", name="Strategy", kind="management")
    assert process.pk is not None


def test_duplicate_code_is_a_field_error(make_process, manager):
    make_process("R01")
    with pytest.raises(ValidationError) as error:
        services.process_create(user=manager.user, code="r01", name="Other", kind="realisation")
    assert "code" in error.value.message_dict
    assert Process.objects.count() == 1


def test_missing_name_and_bad_kind_are_field_errors(manager):
    with pytest.raises(ValidationError) as error:
        services.process_create(user=manager.user, code="X1", name="  ", kind="other")
    assert {"name", "kind"} <= set(error.value.message_dict)


def test_owner_edits_the_sheet_of_their_own_process(member, make_process):
    owner = member(Role.PROCESS_OWNER)
    process = make_process("R05", owner=owner)
    services.process_update(
        user=owner.user,
        process=process,
        data={"purpose": "Machine parts to drawing", "indicators": "Scrap rate < 2 %"},
    )
    process.refresh_from_db()
    assert (process.purpose, process.indicators) == ("Machine parts to drawing", "Scrap rate < 2 %")


def test_owner_cannot_edit_another_owners_process(member, make_process):
    owner = member(Role.PROCESS_OWNER)
    other = member(Role.PROCESS_OWNER)
    process = make_process("R06", owner=other)
    with pytest.raises(PermissionDenied):
        services.process_update(user=owner.user, process=process, data={"purpose": "Hijacked"})
    process.refresh_from_db()
    assert process.purpose == ""


@pytest.mark.parametrize("field", ["name", "kind", "code", "position"])
def test_owner_cannot_reshape_the_map(member, make_process, field):
    owner = member(Role.PROCESS_OWNER)
    process = make_process("R05", owner=owner, name="Machining")
    new_value = {"name": "Renamed", "kind": "support", "code": "X9", "position": 42}[field]
    with pytest.raises(PermissionDenied):
        services.process_update(user=owner.user, process=process, data={field: new_value})
    process.refresh_from_db()
    assert (process.code, process.name, process.kind) == ("R05", "Machining", "realisation")


def test_owner_may_send_unchanged_structure_fields(member, make_process):
    owner = member(Role.PROCESS_OWNER)
    process = make_process("R05", owner=owner, name="Machining")
    services.process_update(
        user=owner.user, process=process, data={"name": "Machining", "purpose": "Cut metal"}
    )
    process.refresh_from_db()
    assert process.purpose == "Cut metal"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CONTRIBUTOR, Role.READER])
def test_other_roles_cannot_edit(member, make_process, role):
    person = member(role)
    process = make_process("R05", owner=person)  # even when named owner, the role decides
    with pytest.raises(PermissionDenied):
        services.process_update(user=person.user, process=process, data={"purpose": "x"})


def test_manager_reassigns_the_owner_who_is_notified(member, manager, make_process):
    first = member(Role.PROCESS_OWNER)
    second = member(Role.PROCESS_OWNER)
    process = make_process("R05", owner=first, name="Machining")
    services.process_update(user=manager.user, process=process, data={"owner": second})
    process.refresh_from_db()
    assert process.owner == second
    assert events(process)[-1] == ("Process owner changed", f"{first.full_name} → {second.full_name}")
    notification = Notification.objects.filter(recipient=second.user).get()
    assert notification.url == process.get_absolute_url()
    assert "R05" in notification.subject


def test_inactive_person_cannot_be_owner(member, manager, make_process):
    person = member(Role.PROCESS_OWNER)
    person.is_active = False
    person.save()
    process = make_process("R05")
    with pytest.raises(ValidationError) as error:
        services.process_update(user=manager.user, process=process, data={"owner": person})
    assert "owner" in error.value.message_dict


def test_deactivate_and_reactivate(manager, make_process):
    process = make_process("R05")
    services.process_deactivate(user=manager.user, process=process, reason="Merged into R04")
    process.refresh_from_db()
    assert process.is_active is False
    assert events(process)[-1] == ("Process deactivated", "Merged into R04")
    with pytest.raises(ValidationError):
        services.process_deactivate(user=manager.user, process=process)
    services.process_reactivate(user=manager.user, process=process)
    process.refresh_from_db()
    assert process.is_active is True


def test_owner_cannot_deactivate_own_process(member, make_process):
    owner = member(Role.PROCESS_OWNER)
    process = make_process("R05", owner=owner)
    with pytest.raises(PermissionDenied):
        services.process_deactivate(user=owner.user, process=process)
    process.refresh_from_db()
    assert process.is_active is True


def test_interaction_add_records_events_on_both_processes(manager, make_process):
    purchasing = make_process("R03")
    machining = make_process("R05")
    interaction = services.interaction_add(
        user=manager.user, source=purchasing, target=machining, flow="  Steel   bars  "
    )
    assert interaction.flow == "Steel bars"
    assert events(purchasing)[-1] == ("Interaction added", "R03 → R05: Steel bars")
    assert events(machining)[-1] == ("Interaction added", "R03 → R05: Steel bars")


def test_interaction_with_itself_is_refused(manager, make_process):
    process = make_process("R05")
    with pytest.raises(ValidationError) as error:
        services.interaction_add(user=manager.user, source=process, target=process, flow="parts")
    assert "target" in error.value.message_dict
    assert not ProcessInteraction.objects.exists()


def test_duplicate_interaction_is_refused(manager, make_process):
    a, b = make_process("R03"), make_process("R05")
    services.interaction_add(user=manager.user, source=a, target=b, flow="Steel bars")
    with pytest.raises(ValidationError) as error:
        services.interaction_add(user=manager.user, source=a, target=b, flow="steel BARS")
    assert "flow" in error.value.message_dict
    # The reverse direction is another interaction.
    services.interaction_add(user=manager.user, source=b, target=a, flow="Steel bars")
    assert ProcessInteraction.objects.count() == 2


def test_empty_flow_and_inactive_process_are_refused(manager, make_process):
    a, b = make_process("R03"), make_process("R05")
    services.process_deactivate(user=manager.user, process=b)
    with pytest.raises(ValidationError) as error:
        services.interaction_add(user=manager.user, source=a, target=b, flow="  ")
    assert {"flow", "target"} <= set(error.value.message_dict)


def test_owner_declares_outputs_of_own_process_only(member, make_process):
    owner = member(Role.PROCESS_OWNER)
    mine, theirs = make_process("R05", owner=owner), make_process("R06")
    interaction = services.interaction_add(user=owner.user, source=mine, target=theirs, flow="Machined parts")
    with pytest.raises(PermissionDenied):
        services.interaction_add(user=owner.user, source=theirs, target=mine, flow="Work orders")
    assert list(ProcessInteraction.objects.all()) == [interaction]


def test_interaction_remove_by_source_owner_only(member, manager, make_process):
    owner = member(Role.PROCESS_OWNER)
    other_owner = member(Role.PROCESS_OWNER)
    mine, theirs = make_process("R05", owner=owner), make_process("R06", owner=other_owner)
    interaction = services.interaction_add(user=manager.user, source=mine, target=theirs, flow="Parts")
    with pytest.raises(PermissionDenied):
        services.interaction_remove(user=other_owner.user, interaction=interaction)
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        services.interaction_remove(user=reader.user, interaction=interaction)
    assert ProcessInteraction.objects.count() == 1
    services.interaction_remove(user=owner.user, interaction=interaction)
    assert not ProcessInteraction.objects.exists()
    assert events(theirs)[-1] == ("Interaction removed", "R05 → R06: Parts")


def test_map_data_leaves_out_inactive_processes_and_their_interactions(member, manager, make_process):
    reader = member(Role.READER)
    a, b, c = make_process("M01", kind="management"), make_process("R01"), make_process("S01", kind="support")
    services.interaction_add(user=manager.user, source=a, target=b, flow="Objectives")
    services.interaction_add(user=manager.user, source=c, target=b, flow="Staff")
    services.process_deactivate(user=manager.user, process=c)
    data = selectors.process_map_data(reader.user)
    assert [p.code for p in data.processes] == ["M01", "R01"]
    assert [(i.source.code, i.target.code) for i in data.interactions] == [("M01", "R01")]
    assert [(box.code, box.kind) for box in data.layout.boxes] == [
        ("M01", "management"),
        ("R01", "realisation"),
    ]
    assert data.without_owner == 2
    assert selectors.process_stats(reader.user) == {"total": 2, "without_owner": 2}

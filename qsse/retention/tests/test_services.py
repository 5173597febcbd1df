"""Retention rules through the services: shipped record types, the schedule's counts, flagging,
confirmed anonymisation with its trace, the departure date read from the directory history, the
subject access export and the permissions (administrator and QSSE manager only)."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import load_workbook

from qsse.accidents.models import AccidentVictim
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent, Notification
from qsse.organization.models import Person
from qsse.organization.retention import departure_date, former_people
from qsse.retention import report, selectors, services
from qsse.retention.calculations import record_fingerprint
from qsse.retention.choices import EndAction, PurgeStatus
from qsse.retention.models import PurgeOperation, RecordType, SubjectAccessRequest

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def _type(code):
    return RecordType.objects.get(code=code)


def test_shipped_record_types_with_sources_and_to_verify():
    codes = set(RecordType.objects.values_list("code", flat=True))
    assert codes >= {
        "accident-victims",
        "former-people",
        "duer",
        "medical-cmr-exposure",
        "personnel-register",
        "candidates",
    }
    duer = _type("duer")
    assert (duer.period_years, duer.end_action, duer.provider_key) == (40, EndAction.ARCHIVE, "")
    assert _type("candidates").period_years == 2
    assert _type("medical-cmr-exposure").period_years == 50
    people = _type("former-people")
    assert (people.period_years, people.reference_event, people.provider_key) == (
        5,
        "end_of_employment",
        "organization.former_people",
    )
    assert _type("accident-victims").to_verify and not people.to_verify
    assert all(rt.is_shipped and rt.source_url for rt in RecordType.objects.all())


def test_loader_keeps_edits(manager):
    from qsse.retention.catalogue import load_record_types

    people = _type("former-people")
    services.record_type_update(user=manager.user, record_type=people, period_years=6)
    assert load_record_types(RecordType) == 0
    people.refresh_from_db()
    assert people.period_years == 6


def test_departure_date_read_from_history(story, site_a):
    dates = dict(former_people().annotate(d=departure_date()).values_list("last_name", "d"))
    assert dates == {"Durand": date(2020, 6, 30), "Martin": date(2025, 1, 15)}
    # Rehired in 2022 then gone again on 1 March 2023: the last departure counts.
    kevin = story["kevin"]
    kevin.is_active = True
    kevin.save()
    last = Person.history.filter(id=kevin.pk).order_by("-history_id").first()
    Person.history.filter(history_id=last.history_id).update(history_date="2022-05-02T08:00:00+00:00")
    kevin.is_active = False
    kevin.save()
    last = Person.history.filter(id=kevin.pk).order_by("-history_id").first()
    Person.history.filter(history_id=last.history_id).update(history_date="2023-03-01T16:00:00+00:00")
    assert former_people().annotate(d=departure_date()).get(pk=kevin.pk).d == date(2023, 3, 1)


def test_schedule_counts(manager, story):
    rows = {row.record_type.code: row for row in selectors.schedule(manager.user, TODAY)}
    assert (rows["former-people"].held_count, rows["former-people"].past_count) == (2, 1)
    assert (rows["accident-victims"].held_count, rows["accident-victims"].past_count) == (2, 1)
    # 5 years counted back from 25 November 2026: records dated 24 November 2021 or before.
    assert rows["former-people"].cutoff == date(2021, 11, 24)
    assert rows["duer"].held_count is None and rows["duer"].past_count is None
    assert not rows["duer"].can_purge and rows["former-people"].can_purge


def test_flag_and_confirm_anonymisation_of_the_victim(manager, story):
    operation = services.purge_flag(record_type=_type("accident-victims"), today=TODAY)
    assert operation.status == PurgeStatus.FLAGGED and operation.flagged_count == 1
    assert operation.reference.startswith("PUR-2026-")
    # Flagging again refreshes the same pending operation.
    assert services.purge_flag(record_type=_type("accident-victims"), today=TODAY).pk == operation.pk
    count, preview = selectors.due_preview(operation, TODAY)
    assert count == 1 and preview[0].identifier == story["old"].reference
    assert preview[0].reference_date == date(2019, 3, 12) and preview[0].retention_end == date(2024, 3, 12)

    done = services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    assert (done.status, done.executed_count, done.confirmed_by) == (PurgeStatus.DONE, 1, manager.user)
    old_victim = AccidentVictim.objects.get(accident=story["old"])
    assert old_victim.victim is None and old_victim.witnesses == "" and old_victim.lesion_details == ""
    assert old_victim.first_aid == "" and old_victim.lesion_seat == "hand"  # kept for the statistics
    # Personal data scrubbed from the old history rows too.
    versions = AccidentVictim.history.filter(id=old_victim.pk)
    assert versions.count() >= 2
    assert not versions.exclude(victim=None).exists()
    assert not versions.exclude(lesion_details="").exists()
    # The recent accident is untouched.
    assert AccidentVictim.objects.get(accident=story["recent"]).victim == story["lea"]
    # The trace: identifiers and fingerprints, no name.
    assert done.identifiers == [
        {"id": story["old"].reference, "fingerprint": record_fingerprint("accidents.victims", old_victim.pk)}
    ]
    assert "Durand" not in json.dumps(done.identifiers)
    assert BusinessEvent.objects.filter(
        object_id=story["old"].pk, verb="Victim's data anonymised (end of retention)"
    ).exists()
    # Nothing left past retention; a second confirmation is refused.
    assert selectors.due_records(_type("accident-victims"), TODAY).count() == 0
    with pytest.raises(ValidationError):
        services.purge_execute(user=manager.user, operation=done, today=TODAY)


def test_anonymise_people_who_left(manager, story):
    kevin_user = story["kevin"].user
    operation = services.purge_flag(record_type=_type("former-people"), today=TODAY)
    services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    kevin = Person.objects.get(pk=story["kevin"].pk)
    code = record_fingerprint("organization.former_people", kevin.pk)[:8].upper()
    assert (kevin.first_name, kevin.last_name, kevin.email, kevin.job_title) == ("ANON", code, "", "")
    assert not Person.history.filter(id=kevin.pk, last_name="Durand").exists()
    assert kevin_user is None
    assert Person.objects.get(pk=story["lea"].pk).last_name == "Martin"
    # Anonymised people are no longer counted as holding personal data.
    rows = {row.record_type.code: row for row in selectors.schedule(manager.user, TODAY)}
    assert (rows["former-people"].held_count, rows["former-people"].past_count) == (1, 0)


def test_user_account_of_an_anonymised_person_is_closed(manager, member, site_a):
    gone = member(Role.CONTRIBUTOR, username="jdupont")
    gone.is_active = False
    gone.save()
    Person.history.filter(id=gone.pk, is_active=True).update(history_date="2018-01-01T08:00:00+00:00")
    Person.history.filter(id=gone.pk, is_active=False).update(history_date="2019-01-01T08:00:00+00:00")
    services.purge_execute(
        user=manager.user,
        operation=services.purge_flag(record_type=_type("former-people"), today=TODAY),
        today=TODAY,
    )
    gone.user.refresh_from_db()
    assert not gone.user.is_active and gone.user.email == "" and gone.user.username.startswith("anon-")
    assert not gone.user.has_usable_password()


def test_delete_victim_records(manager, story):
    victims = _type("accident-victims")
    services.record_type_update(user=manager.user, record_type=victims, end_action=EndAction.DESTROY)
    operation = services.purge_flag(record_type=victims, today=TODAY)
    assert operation.action == EndAction.DESTROY
    services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    assert not AccidentVictim.objects.filter(accident=story["old"]).exists()
    assert not AccidentVictim.history.filter(accident_id=story["old"].pk).exclude(victim=None).exists()


def test_people_cannot_be_deleted(manager):
    with pytest.raises(ValidationError) as error:
        services.record_type_update(
            user=manager.user, record_type=_type("former-people"), end_action=EndAction.DESTROY
        )
    assert "end_action" in error.value.error_dict


def test_changed_end_action_requires_a_new_flag(manager, story):
    victims = _type("accident-victims")
    operation = services.purge_flag(record_type=victims, today=TODAY)
    services.record_type_update(user=manager.user, record_type=victims, end_action=EndAction.DESTROY)
    with pytest.raises(ValidationError):
        services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    assert AccidentVictim.objects.get(accident=story["old"]).victim == story["kevin"]


def test_cancel_keeps_the_records(manager, story):
    operation = services.purge_flag(record_type=_type("accident-victims"), today=TODAY)
    services.purge_cancel(user=manager.user, operation=operation)
    operation.refresh_from_db()
    assert operation.status == PurgeStatus.CANCELLED
    assert AccidentVictim.objects.get(accident=story["old"]).victim == story["kevin"]


def test_flag_all_notifies_managers_once(manager, member, story):
    member(Role.READER, username="reader")
    assert services.purge_flag_all(today=TODAY) == 2
    assert services.purge_flag_all(today=TODAY) == 2
    notified = Notification.objects.filter(kind="retention_flagged")
    assert notified.count() == 2  # two operations, one manager, no duplicate
    assert set(notified.values_list("recipient__username", flat=True)) == {"manager"}
    assert PurgeOperation.objects.filter(status=PurgeStatus.FLAGGED).count() == 2


def test_flag_cancelled_when_nothing_left(manager, story):
    operation = services.purge_flag(record_type=_type("accident-victims"), today=TODAY)
    # A day when nothing is past yet (2023): the pending operation is cancelled.
    assert services.purge_flag(record_type=_type("accident-victims"), today=date(2023, 1, 1)) is None
    operation.refresh_from_db()
    assert operation.status == PurgeStatus.CANCELLED


def test_readers_and_contributors_refused(member, story):
    for role in (Role.READER, Role.CONTRIBUTOR, Role.PROCESS_OWNER, Role.AUDITOR):
        user = member(role).user
        with pytest.raises(PermissionDenied):
            selectors.schedule(user, TODAY)
        with pytest.raises(PermissionDenied):
            services.purge_flag(record_type=_type("accident-victims"), user=user)
        with pytest.raises(PermissionDenied):
            services.subject_access_record(user=user, person=story["kevin"], received_on=TODAY)


@translation.override("en")
def test_subject_access_export(manager, story, site_a):
    request, sections = services.subject_access_record(
        user=manager.user, person=story["kevin"], received_on=date(2026, 11, 20), notes="Courrier recommandé"
    )
    assert request.reference.startswith("DAC-2026-")
    by_key = {section.key: section for section in sections}
    victim = by_key["accidents.victims"].records
    assert (
        len(victim) == 1
        and victim[0]["fields"]["Medical details"] == "Plaie de 3 cm à la paume, 4 points de suture"
    )
    directory = by_key["organization.former_people"].records
    assert directory[0]["fields"]["Last name"] == "Durand"
    assert request.record_count == sum(len(section.records) for section in sections)
    assert request.sources["accidents.victims"] == 1
    # The log keeps counts, not the data.
    logged = SubjectAccessRequest.objects.get()
    assert "Plaie" not in json.dumps(logged.sources)
    archive = zipfile.ZipFile(io.BytesIO(report.subject_export(request, sections)))
    assert set(archive.namelist()) == {"data.json", "data.xlsx"}
    payload = json.loads(archive.read("data.json"))
    assert payload["request"]["person"] == "Kévin Durand"
    assert any(
        record["record"].startswith("Victim of ACC-2019-")
        for s in payload["sections"]
        for record in s["records"]
    )
    workbook = load_workbook(io.BytesIO(archive.read("data.xlsx")))
    assert workbook.sheetnames[0] == "Summary"


@translation.override("en")
def test_witness_named_in_subject_access(manager, story, site_a):
    paul = Person.objects.create(site=site_a, first_name="Paul", last_name="Girard")
    records = {s.key: s.records for s in selectors.subject_data(paul)}["accidents.victims"]
    assert len(records) == 2 and all(r["record"].startswith("Named as a witness of") for r in records)


def test_inventory(manager, story):
    entries = {entry.provider.key: entry for entry in selectors.inventory(manager.user)}
    assert set(entries) >= {"accidents.victims", "organization.former_people"}
    assert entries["accidents.victims"].provider.special_category
    assert [rt.code for rt in entries["accidents.victims"].record_types] == ["accident-victims"]
    assert entries["accidents.victims"].held_count == 2
    services.inventory_note_update(
        user=manager.user, provider_key="accidents.victims", notes="Revu avec le DPO"
    )
    assert {e.provider.key: e.note for e in selectors.inventory(manager.user)}[
        "accidents.victims"
    ] == "Revu avec le DPO"
    workbook = load_workbook(io.BytesIO(report.inventory_excel(selectors.inventory(manager.user), [])))
    assert workbook.active.max_row == 1 + len(entries)
    assert report.inventory_pdf(
        selectors.inventory(manager.user), list(selectors.records_kept_elsewhere(manager.user)), "MBP"
    ).startswith(b"%PDF")


def test_period_validation(manager):
    with pytest.raises(ValidationError) as error:
        services.record_type_create(
            user=manager.user,
            code="own",
            name_fr="Badges",
            period_years=0,
            period_months=0,
            end_action="destroy",
        )
    assert "period_years" in error.value.error_dict
    created = services.record_type_create(
        user=manager.user, code="badges", name_fr="Badges d'accès", period_months=3, end_action="destroy"
    )
    assert not created.is_shipped and created.period.total_months == 3


def test_task_flags(story):
    from qsse.retention.tasks import flag_records_past_retention

    result = flag_records_past_retention.enqueue()
    assert result.return_value == 2

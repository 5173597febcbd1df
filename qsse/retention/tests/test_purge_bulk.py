"""The fast paths of retention: the schedule's past-retention count compared as a moment (the day
boundary in the Paris time zone), the bulk anonymisation of people who left (same values, history
rows and account closing as one by one) and the attachments deleted with the purged records."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from qsse.accidents.models import AccidentVictim
from qsse.core.choices import Role
from qsse.core.models import Attachment
from qsse.organization.models import Person
from qsse.retention import selectors, services
from qsse.retention.calculations import record_fingerprint
from qsse.retention.models import RecordType

from .factories import make_former_person

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)
UTC = ZoneInfo("UTC")


def _type(code):
    return RecordType.objects.get(code=code)


def _left_at(person, moment):
    latest = Person.history.filter(id=person.pk).order_by("-history_id").first()
    Person.history.filter(history_id=latest.history_id).update(history_date=moment)


def test_past_count_uses_the_paris_day_of_the_departure(manager, site_a):
    # 5 years back from 25 November 2026: departures on 24 November 2021 (Paris) or before are past.
    # 22:30 UTC on 24 November 2021 is 23:30 in Paris (winter time, UTC+1): past.
    # 23:30 UTC on 24 November 2021 is 00:30 on the 25th in Paris: not past.
    before = make_former_person(
        site_a, "Anne", "Avant", hired_on=date(2015, 1, 5), left_on=date(2021, 11, 24)
    )
    after = make_former_person(
        site_a, "Bruno", "Après", hired_on=date(2015, 1, 5), left_on=date(2021, 11, 24)
    )
    _left_at(before, datetime(2021, 11, 24, 22, 30, tzinfo=UTC))
    _left_at(after, datetime(2021, 11, 24, 23, 30, tzinfo=UTC))
    rows = {row.record_type.code: row for row in selectors.schedule(manager.user, TODAY)}
    assert rows["former-people"].cutoff == date(2021, 11, 24)
    assert (rows["former-people"].held_count, rows["former-people"].past_count) == (2, 1)
    assert selectors.due_count(_type("former-people"), TODAY) == 1
    due = list(selectors.due_records(_type("former-people"), TODAY))
    assert [person.pk for person in due] == [before.pk]
    assert due[0].retention_reference == date(2021, 11, 24)
    # The next day, both are past.
    assert selectors.due_count(_type("former-people"), date(2026, 11, 26)) == 2


def test_bulk_anonymisation_of_people_who_left(manager, member, site_a, site_b):
    gone = member(Role.CONTRIBUTOR, username="jdupont")
    gone.scope_sites.set([site_a, site_b])
    gone.is_active = False
    gone.save()
    Person.history.filter(id=gone.pk, is_active=True).update(history_date="2018-01-01T08:00:00+00:00")
    Person.history.filter(id=gone.pk, is_active=False).update(history_date="2019-01-01T08:00:00+00:00")
    kevin = make_former_person(
        site_a, "Kévin", "Durand", hired_on=date(2018, 9, 3), left_on=date(2020, 6, 30), email="k@x.fr"
    )
    lea = make_former_person(site_a, "Léa", "Martin", hired_on=date(2021, 1, 4), left_on=date(2025, 1, 15))
    versions_before = {pk: Person.history.filter(id=pk).count() for pk in (gone.pk, kevin.pk, lea.pk)}

    operation = services.purge_flag(record_type=_type("former-people"), today=TODAY)
    assert operation.flagged_count == 2
    done = services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    assert done.executed_count == 2

    for person in (gone, kevin):
        person.refresh_from_db()
        code = record_fingerprint("organization.former_people", person.pk)[:8].upper()
        assert (person.first_name, person.last_name, person.email, person.job_title) == ("ANON", code, "", "")
        versions = Person.history.filter(id=person.pk)
        # One new "changed" history row, written by the manager; every row carries the fingerprint.
        assert versions.count() == versions_before[person.pk] + 1
        latest = versions.order_by("-history_id").first()
        assert (latest.history_type, latest.history_user_id) == ("~", manager.user.pk)
        assert set(versions.values_list("first_name", "last_name", "email", "job_title")) == {
            ("ANON", code, "", "")
        }
    # The new history row keeps the sites in scope, as a save writes them.
    latest = Person.history.filter(id=gone.pk).order_by("-history_id").first()
    assert sorted(latest.scope_sites.values_list("site_id", flat=True)) == sorted([site_a.pk, site_b.pk])
    gone.user.refresh_from_db()
    code = record_fingerprint("organization.former_people", gone.pk)[:8].lower()
    assert gone.user.username == f"anon-{code}" and not gone.user.is_active and gone.user.email == ""
    assert not gone.user.has_usable_password()
    # Léa left in 2025: untouched.
    lea.refresh_from_db()
    assert (lea.first_name, lea.last_name) == ("Léa", "Martin")
    assert Person.history.filter(id=lea.pk).count() == versions_before[lea.pk]
    assert sorted(item["fingerprint"] for item in done.identifiers) == sorted(
        record_fingerprint("organization.former_people", pk) for pk in (gone.pk, kevin.pk)
    )


def _attach(target, name, user):
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        original_name=name,
        size=4,
        mime_type="application/pdf",
        uploaded_by=user,
    )
    attachment.file.save(name, ContentFile(b"%PDF"), save=False)
    attachment.save()
    return attachment


def test_attachments_of_purged_people_deleted_after_commit(
    manager, site_a, django_capture_on_commit_callbacks
):
    kevin = make_former_person(
        site_a, "Kévin", "Durand", hired_on=date(2018, 9, 3), left_on=date(2020, 6, 30)
    )
    lea = make_former_person(site_a, "Léa", "Martin", hired_on=date(2021, 1, 4), left_on=date(2025, 1, 15))
    contract = _attach(kevin, "contrat-durand.pdf", manager.user)
    certificate = _attach(kevin, "certificat-durand.pdf", manager.user)
    kept = _attach(lea, "contrat-martin.pdf", manager.user)
    operation = services.purge_flag(record_type=_type("former-people"), today=TODAY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    # The rows are gone with the purge; the files stay until the transaction is committed.
    assert list(Attachment.objects.values_list("pk", flat=True)) == [kept.pk]
    assert default_storage.exists(contract.file.name) and default_storage.exists(certificate.file.name)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(contract.file.name)
    assert not default_storage.exists(certificate.file.name)
    assert default_storage.exists(kept.file.name)
    # The purge log says how many, without the file names (they may name the person).
    assert done.identifiers == [
        {
            "id": f"personne n° {kevin.pk}",  # French, the default language
            "fingerprint": record_fingerprint("organization.former_people", kevin.pk),
            "attachments": 2,
        }
    ]
    default_storage.delete(kept.file.name)


def test_attachments_of_deleted_victim_records(manager, story, django_capture_on_commit_callbacks):
    record_type = _type("accident-victims")
    record_type.end_action = "destroy"
    record_type.save()
    victim = AccidentVictim.objects.get(accident=story["old"])
    on_victim = _attach(victim, "certificat-medical.pdf", manager.user)
    on_accident = _attach(story["old"], "photo-machine.jpg", manager.user)  # seen by every role: kept
    operation = services.purge_flag(record_type=record_type, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    assert not AccidentVictim.objects.filter(pk=victim.pk).exists()
    assert list(Attachment.objects.values_list("pk", flat=True)) == [on_accident.pk]
    assert not default_storage.exists(on_victim.file.name)
    assert done.identifiers[0]["attachments"] == 1
    default_storage.delete(on_accident.file.name)


def test_failed_purge_keeps_attachments(manager, site_a, monkeypatch):
    kevin = make_former_person(
        site_a, "Kévin", "Durand", hired_on=date(2018, 9, 3), left_on=date(2020, 6, 30)
    )
    contract = _attach(kevin, "contrat-durand.pdf", manager.user)
    operation = services.purge_flag(record_type=_type("former-people"), today=TODAY)
    provider = selectors.retention_providers["organization.former_people"]

    def broken(records, user):
        raise RuntimeError("disk full")

    from dataclasses import replace

    monkeypatch.setitem(
        selectors.retention_providers, "organization.former_people", replace(provider, anonymise=broken)
    )
    with pytest.raises(RuntimeError):
        services.purge_execute(user=manager.user, operation=operation, today=TODAY)
    assert Attachment.objects.filter(pk=contract.pk).exists()
    assert default_storage.exists(contract.file.name)
    default_storage.delete(contract.file.name)


def test_inventory_note_keeps_plain_line_ends(manager):
    note = services.inventory_note_update(
        user=manager.user, provider_key="accidents.victims", notes="Ligne 1\r\nLigne 2\r\n"
    )
    assert note.notes == "Ligne 1\nLigne 2"


def test_bulk_anonymisation_of_victims_takes_the_same_queries_for_3_or_12(manager, site_a):
    """Victims are anonymised in bulk: the same number of queries for 3 or 12 records, with their
    "changed" history row by the manager, scrubbed old rows and one business event per accident."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qsse.accidents import retention as accident_retention
    from qsse.core.models import BusinessEvent

    from .factories import make_victim_accident

    def purge(count):
        accidents = [
            make_victim_accident(manager.user, site_a, manager, on=date(2012, 1, 2 + number))
            for number in range(count)
        ]
        records = AccidentVictim.objects.filter(accident__in=accidents)
        with CaptureQueriesContext(connection) as queries:
            assert accident_retention.anonymise(records, manager.user) == count
        return accidents, len(queries)

    _, few = purge(3)
    accidents, many = purge(12)
    assert many == few
    for record in AccidentVictim.objects.filter(accident__in=accidents):
        assert (record.victim_id, record.witnesses, record.lesion_details, record.first_aid) == (
            None,
            "",
            "",
            "",
        )
        assert record.lesion_seat == "hand"  # kept for the statistics
        versions = AccidentVictim.history.filter(id=record.pk).order_by("-history_id")
        assert (versions[0].history_type, versions[0].history_user_id) == ("~", manager.user.pk)
        assert not versions.exclude(victim=None).exists() and not versions.exclude(witnesses="").exists()
    events = BusinessEvent.objects.filter(verb="Victim's data anonymised (end of retention)")
    assert sorted(
        events.filter(object_id__in=[a.pk for a in accidents]).values_list("object_id", flat=True)
    ) == sorted(accident.pk for accident in accidents)
    assert set(events.values_list("actor_id", flat=True)) == {manager.user.pk}

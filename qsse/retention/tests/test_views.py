"""Retention pages: the schedule with its counts, the re-confirmation screen and the purge, the
purge log, the inventory and its exports, the subject access export; 403 for every other role."""

import io
import json
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from qsse.accidents.models import AccidentVictim
from qsse.core.choices import Role
from qsse.retention.choices import PurgeStatus
from qsse.retention.models import PurgeOperation, RecordType, SubjectAccessRequest

pytestmark = pytest.mark.django_db


def client_for(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_schedule_shows_counts(manager, story):
    response = client_for(manager).get("/retention/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="past-total"' in html
    rows = {row.record_type.code: row for row in response.context["rows"]}
    assert rows["accident-victims"].past_count == 1 and rows["former-people"].past_count == 1
    assert response.context["past_total"] == 2
    victims = RecordType.objects.get(code="accident-victims")
    assert f'action="/retention/record-types/{victims.pk}/flag/"' in html


def test_schedule_query_count(manager, story, django_assert_max_num_queries):
    client = client_for(manager)
    client.get("/retention/")
    with django_assert_max_num_queries(20):
        client.get("/retention/")


def test_flag_confirm_and_trace(manager, story):
    client = client_for(manager)
    victims = RecordType.objects.get(code="accident-victims")
    response = client.post(f"/retention/record-types/{victims.pk}/flag/")
    operation = PurgeOperation.objects.get(record_type=victims)
    assert response.status_code == 302 and response["Location"] == f"/retention/purges/{operation.pk}/"
    page = client.get(response["Location"])
    assert page.context["count"] == 1
    assert story["old"].reference in page.content.decode()
    # Without the box ticked, nothing happens.
    client.post(f"/retention/purges/{operation.pk}/confirm/")
    operation.refresh_from_db()
    assert operation.status == PurgeStatus.FLAGGED
    client.post(f"/retention/purges/{operation.pk}/confirm/", {"confirm": "yes"})
    operation.refresh_from_db()
    assert operation.status == PurgeStatus.DONE and operation.executed_count == 1
    assert AccidentVictim.objects.get(accident=story["old"]).victim is None
    log = client.get("/retention/purges/")
    assert operation.reference in log.content.decode()
    export = client.get("/retention/purges/?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(row=2, column=1).value == operation.reference
    # The accident page no longer names the victim.
    accident_page = client.get(story["old"].get_absolute_url()).content.decode()
    assert "Durand" not in accident_page


def test_trace_of_a_large_purge_is_paginated(manager, story):
    """The trace of 250 records processed: 100 a page, the last page the remaining 50."""
    client = client_for(manager)
    victims = RecordType.objects.get(code="accident-victims")
    client.post(f"/retention/record-types/{victims.pk}/flag/")
    operation = PurgeOperation.objects.get(record_type=victims)
    client.post(f"/retention/purges/{operation.pk}/confirm/", {"confirm": "yes"})
    identifiers = [{"id": f"victim-{number:03}", "fingerprint": f"{number:064x}"} for number in range(250)]
    PurgeOperation.objects.filter(pk=operation.pk).update(identifiers=identifiers)

    first = client.get(f"/retention/purges/{operation.pk}/").content.decode()
    assert first.count("<td>victim-") == 100 and "victim-099" in first and "victim-100" not in first
    assert "Page 1 sur 3" in first and 'aria-label="Pages des enregistrements traités"' in first
    last = client.get(f"/retention/purges/{operation.pk}/?page=3").content.decode()
    assert last.count("<td>victim-") == 50 and "victim-249" in last and "victim-199" not in last


def test_record_type_edit(manager):
    client = client_for(manager)
    people = RecordType.objects.get(code="former-people")
    response = client.get(f"/retention/record-types/{people.pk}/edit/")
    assert response.status_code == 200
    data = {name: value for name, value in response.context["form"].initial.items() if value is not None}
    data.update({"period_years": 6, "end_action": "destroy", "to_verify": "", "is_active": "on"})
    data.pop("to_verify")
    response = client.post(f"/retention/record-types/{people.pk}/edit/", data)
    assert response.status_code == 200  # people cannot be deleted: the form says so
    assert "end_action" in response.context["form"].errors
    data["end_action"] = "anonymise"
    response = client.post(f"/retention/record-types/{people.pk}/edit/", data)
    assert response.status_code == 302
    people.refresh_from_db()
    assert people.period_years == 6 and people.code == "former-people"


def test_inventory_page_and_exports(manager, story):
    client = client_for(manager)
    html = client.get("/retention/inventory/").content.decode()
    assert "inventory-accidentsvictims" in html and "Dossier médical en santé au travail (DMST)" in html
    pdf = client.get("/retention/inventory/?export=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/retention/inventory/?export=xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames[1] in ("Conservés ailleurs", "Kept elsewhere")
    response = client.post(
        "/retention/inventory/accidents.victims/notes/", {"notes": "Revu avec le DPO le 2 déc."}
    )
    assert response.status_code == 302
    assert "Revu avec le DPO le 2 déc." in client.get("/retention/inventory/").content.decode()


def test_subject_access_download(manager, story):
    client = client_for(manager)
    assert client.get("/retention/subject-access/").status_code == 200
    response = client.post(
        "/retention/subject-access/",
        {"person": story["kevin"].pk, "received_on": "2026-11-20", "notes": "Courrier"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    request = SubjectAccessRequest.objects.get()
    assert response["Content-Disposition"] == f'attachment; filename="{request.reference}.zip"'
    payload = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert payload["request"]["person"] == "Kévin Durand"
    assert request.requested_by == manager.user
    assert request.reference in client.get("/retention/subject-access/").content.decode()


@pytest.mark.parametrize("role", [Role.READER, Role.CONTRIBUTOR, Role.PROCESS_OWNER, Role.AUDITOR])
def test_other_roles_get_403(member, story, role):
    client = client_for(member(role))
    victims = RecordType.objects.get(code="accident-victims")
    for url in (
        "/retention/",
        "/retention/purges/",
        "/retention/inventory/",
        "/retention/inventory/?export=pdf",
        "/retention/subject-access/",
        f"/retention/record-types/{victims.pk}/edit/",
        "/retention/record-types/new/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/retention/record-types/{victims.pk}/flag/").status_code == 403
    assert (
        client.post(
            "/retention/subject-access/", {"person": story["kevin"].pk, "received_on": "2026-11-20"}
        ).status_code
        == 403
    )
    assert not PurgeOperation.objects.exists() and not SubjectAccessRequest.objects.exists()


def test_anonymous_redirected_to_login():
    response = Client().get("/retention/")
    assert response.status_code == 302 and "/login/" in response["Location"]

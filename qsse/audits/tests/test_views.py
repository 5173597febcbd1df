import json
from datetime import date

import pytest
from django.urls import reverse

from qsse.audits import services
from qsse.audits.choices import Answer, AuditStatus
from qsse.audits.models import Audit, Finding
from qsse.core.choices import Role

from .factories import AuditWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def test_audit_list_and_excel_export(client, world, django_assert_max_num_queries):
    for _ in range(3):
        world.audit()
    client.force_login(world.manager.user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("audits:audit_list"))
    assert response.status_code == 200
    assert "AUD-2026-0003" in response.content.decode()
    export = client.get(reverse("audits:audit_list") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_plan_an_audit_through_the_form(client, world):
    client.force_login(world.manager.user)
    response = client.post(
        reverse("audits:audit_create"),
        {
            "kind": "internal",
            "title": "Audit usinage 2026",
            "process": world.process.pk,
            "site": world.site.pk,
            "standard": world.iso9001.pk,
            "planned_start": "2026-04-02",
            "planned_end": "2026-04-02",
            "criteria": [world.clause("8.5").pk],
            "auditees": [world.owner.pk],
            "report_language": "fr",
            "lead_auditor": world.lead.pk,
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302 and response.url == audit.get_absolute_url()
    assert audit.lead_auditor == world.lead
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Audit usinage 2026" in page
    assert 'id="independence-check"' in page


def test_plan_form_refuses_the_process_owner_as_lead(client, world):
    services.auditor_save(
        user=world.manager.user, person=world.owner, standards=[world.iso9001], is_lead_auditor=True
    )
    client.force_login(world.manager.user)
    response = client.post(
        reverse("audits:audit_create"),
        {
            "kind": "internal",
            "title": "Audit",
            "process": world.process.pk,
            "site": world.site.pk,
            "standard": world.iso9001.pk,
            "planned_start": "2026-04-02",
            "planned_end": "2026-04-02",
            "report_language": "fr",
            "lead_auditor": world.owner.pk,
        },
    )
    assert response.status_code == 200
    assert Audit.objects.count() == 0  # nothing half-written
    assert "own" in response.content.decode() or "propre" in response.content.decode()


def test_checklist_answer_htmx_and_sync(client, world):
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    first, second = audit.questions.all()
    client.force_login(world.lead.user)
    page = client.get(reverse("audits:audit_checklist", args=[audit.pk])).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    response = client.post(
        reverse("audits:checklist_answer", args=[audit.pk, first.pk]),
        {"answer": "conform", "evidence": "Gamme G-118 à jour"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "✔" in response.content.decode()
    first.refresh_from_db()
    assert (first.answer, first.evidence) == (Answer.CONFORM, "Gamme G-118 à jour")
    sync = client.post(
        reverse("audits:checklist_sync", args=[audit.pk]),
        json.dumps({"answers": [{"question": second.pk, "answer": "minor", "evidence": "hors ligne"}]}),
        content_type="application/json",
    )
    assert sync.json() == {"updated": 1}
    second.refresh_from_db()
    assert second.answer == Answer.MINOR


def test_photo_upload_attaches_to_the_question(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qsse.core.models import Attachment

    audit = world.audit()
    question = services.checklist_question_add(user=world.lead.user, audit=audit, question="Propreté ?")
    client.force_login(world.lead.user)
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    client.post(
        reverse("audits:checklist_photo", args=[audit.pk, question.pk]),
        {"photo": SimpleUploadedFile("preuve.png", png, content_type="image/png")},
    )
    assert Attachment.objects.get().original_name == "preuve.png"


def test_record_nc_finding_shows_the_nc_reference(client, world):
    audit = world.audit()
    client.force_login(world.lead.user)
    response = client.post(
        reverse("audits:audit_findings", args=[audit.pk]),
        {
            "kind": "minor_nc",
            "clause": world.clause("8.5").pk,
            "requirement": "Maîtrise de la production",
            "evidence": "Fiche de réglage non signée",
            "description": "Premier article non validé sur le tour T12",
            "process": world.process.pk,
        },
        follow=True,
    )
    finding = Finding.objects.get()
    assert finding.nonconformity.reference in response.content.decode()


def test_programme_page_shows_coverage_matrix(client, world):
    programme = services.programme_create(
        user=world.manager.user,
        title="Programme triennal",
        start_year=2025,
        end_year=2027,
        standards=[world.iso9001],
    )
    world.audit()
    client.force_login(world.manager.user)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'id="coverage-matrix"' in page
    assert "◷ 1" in page


def test_meeting_form_and_report_conclusion(client, world):
    audit = world.audit()
    client.force_login(world.lead.user)
    response = client.post(
        reverse("audits:audit_meeting_edit", args=[audit.pk, "opening"]),
        {"held_at": "2026-03-10T08:30", "attendees": [world.owner.pk], "agenda": "Périmètre et planning"},
    )
    assert response.status_code == 302
    assert audit.meetings.get().attendees.get() == world.owner
    client.post(
        reverse("audits:audit_report", args=[audit.pk]),
        {"maturity_rating": 4, "conclusion": "Processus maîtrisé", "report_language": "en"},
    )
    audit.refresh_from_db()
    assert (audit.maturity_rating, audit.conclusion) == (4, "Processus maîtrisé")


def test_status_buttons_move_the_audit(client, world):
    audit = world.audit()
    client.force_login(world.lead.user)
    client.post(reverse("audits:audit_status", args=[audit.pk]), {"status": "prepared"})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.PREPARED


def test_pdf_report_in_both_languages(client, world):
    audit = world.audit()
    services.finding_create(
        user=world.lead.user, audit=audit, kind="minor_nc", description="Écart", requirement="8.5",
        today=date(2026, 3, 10),
    )  # fmt: skip
    client.force_login(world.manager.user)
    for lang in ("fr", "en"):
        response = client.get(reverse("audits:audit_report_pdf", args=[audit.pk]) + f"?lang={lang}")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert f"{audit.reference}-{lang}.pdf" in response["Content-Disposition"]


def test_reader_cannot_create_or_edit(client, world, member, site_a):
    audit = world.audit()
    reader = member(Role.READER, site=site_a, username="reader")
    client.force_login(reader.user)
    assert client.get(audit.get_absolute_url()).status_code == 200
    assert client.get(reverse("audits:audit_create")).status_code == 403
    assert client.get(reverse("audits:audit_edit", args=[audit.pk])).status_code == 403
    assert client.post(reverse("audits:audit_findings", args=[audit.pk]), {"kind": "ofi"}).status_code == 403
    assert client.get(reverse("audits:programme_create")).status_code == 403


def test_site_scope_hides_other_sites(client, world, member, site_b):
    audit = world.audit()
    other = member(Role.QSSE_MANAGER, site=site_b, username="moulins")
    client.force_login(other.user)
    assert audit.reference not in client.get(reverse("audits:audit_list")).content.decode()
    assert client.get(audit.get_absolute_url()).status_code == 404

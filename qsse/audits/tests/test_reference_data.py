"""Auditors' qualifications and checklist templates: services, pages and API (QSSE manager writes,
others read), history, and the validity dates in the team check."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.audits import services
from qsse.audits.calculations import format_question_lines, parse_question_lines
from qsse.audits.choices import TemplateTheme
from qsse.audits.models import Auditor, ChecklistTemplate
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent

from .factories import AuditWorld

pytestmark = pytest.mark.django_db
BASE = "/api/v1/audits"


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def api(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


# --- calculations ---------------------------------------------------------------------------------


def test_question_lines_parse_clause_prefix_and_skip_blank_lines():
    text = (
        "§8.5.1 Les instructions sont-elles disponibles ?\n\n"
        "  Qui pilote le processus ?  \n§ 7.2 Compétences ?"
    )
    assert parse_question_lines(text) == [
        ("8.5.1", "Les instructions sont-elles disponibles ?"),
        (None, "Qui pilote le processus ?"),
        ("7.2", "Compétences ?"),
    ]
    assert format_question_lines([("8.5", "A ?"), (None, "B ?")]) == "§8.5 A ?\nB ?"
    assert parse_question_lines("§8.5") == [(None, "§8.5")]  # no text after the clause: kept as typed


# --- services -------------------------------------------------------------------------------------


def test_auditor_save_records_the_qualification_and_its_history(world, member, site_a):
    external = member(Role.READER, site=site_a, username="ext")
    auditor = services.auditor_save(
        user=world.manager.user,
        person=external,
        standards=[world.iso9001],
        qualified_on=date(2025, 1, 10),
        valid_until=date(2027, 1, 9),
        scopes="Usinage, traitements de surface",
        is_external=True,
        organisation="Cabinet Qualiaudit",
        independence_notes="Ancien consultant du fournisseur Thermi-Centre (2019–2021).",
    )
    assert auditor.is_external and auditor.organisation == "Cabinet Qualiaudit"
    services.auditor_save(
        user=world.manager.user,
        person=external,
        standards=[world.iso9001, world.standards["ISO 14001:2015"]],
        qualified_on=date(2025, 1, 10),
        valid_until=date(2028, 1, 9),
        is_external=True,
        organisation="Cabinet Qualiaudit",
    )
    auditor.refresh_from_db()
    assert auditor.valid_until == date(2028, 1, 9)
    assert auditor.history.count() == 4  # each save: the fields, then the standards (m2m)
    assert auditor.history.first().valid_until == date(2028, 1, 9)
    assert (
        BusinessEvent.objects.filter(object_id=auditor.pk, verb="Auditor qualification recorded").count() == 2
    )


def test_auditor_save_validates_dates_and_external_organisation(world):
    with pytest.raises(ValidationError, match="validité"):
        services.auditor_save(
            user=world.manager.user,
            person=world.owner,
            qualified_on=date(2025, 5, 1),
            valid_until=date(2025, 4, 1),
        )
    with pytest.raises(ValidationError, match="organisme"):
        services.auditor_save(user=world.manager.user, person=world.owner, is_external=True)


def test_only_qsse_managers_write_auditors_and_templates(world):
    with pytest.raises(PermissionDenied):
        services.auditor_save(user=world.owner.user, person=world.owner)
    with pytest.raises(PermissionDenied):
        services.auditor_save(user=world.lead.user, person=world.lead, is_lead_auditor=True)
    with pytest.raises(PermissionDenied):
        services.checklist_template_create(user=world.lead.user, name="T", theme="steering", questions=[])


def test_expired_qualification_no_longer_counts_in_the_team_check(world):
    services.auditor_save(
        user=world.manager.user,
        person=world.lead,
        standards=[world.iso9001],
        qualified_on=date(2024, 3, 1),
        valid_until=date(2026, 2, 28),
        is_lead_auditor=True,
    )
    issues = services.team_issues(
        process=world.process,
        standard=world.iso9001,
        lead_auditor=world.lead,
        auditors=[],
        on=date(2026, 3, 10),
    )
    assert [(i.person_id, i.is_blocking) for i in issues] == [(world.lead.pk, True)]
    assert (
        services.team_issues(
            process=world.process,
            standard=world.iso9001,
            lead_auditor=world.lead,
            auditors=[],
            on=date(2026, 2, 28),
        )
        == []
    )


def test_template_update_replaces_questions_and_records_the_change(world):
    template = services.checklist_template_create(
        user=world.manager.user,
        name="Pilotage",
        theme=TemplateTheme.STEERING,
        standard=world.iso9001,
        questions=[("Objectifs ?", world.clause("6.2"))],
    )
    services.checklist_template_update(
        user=world.manager.user,
        template=template,
        name="Pilotage du processus",
        theme=TemplateTheme.STEERING,
        standard=world.iso9001,
        questions=[("Objectifs ?", world.clause("6.2")), ("Revue ?", world.clause("9.3"))],
    )
    assert [(q.question, q.clause.code) for q in template.questions.all()] == [
        ("Objectifs ?", "6.2"),
        ("Revue ?", "9.3"),
    ]
    assert template.history.first().name == "Pilotage du processus"
    assert (
        BusinessEvent.objects.filter(object_id=template.pk, verb="Template questions changed").get().detail
        == "1 → 2"
    )
    other = world.standards["ISO 14001:2015"].clauses.get(code="6.1")
    with pytest.raises(ValidationError):
        services.checklist_template_update(
            user=world.manager.user,
            template=template,
            name="X",
            theme="steering",
            standard=world.iso9001,
            questions=[("Q", other)],
        )


# --- pages ----------------------------------------------------------------------------------------


def test_auditor_pages_create_edit_and_show_history(client, world, member, site_a):
    newcomer = member(Role.CONTRIBUTOR, site=site_a, username="newcomer")
    client.force_login(world.manager.user)
    listing = client.get(reverse("audits:auditor_list")).content.decode()
    assert str(world.lead) in listing
    response = client.post(
        reverse("audits:auditor_create"),
        {
            "person": newcomer.pk,
            "qualified_standards": [world.iso9001.pk],
            "scopes": "Achats",
            "qualified_on": "2025-09-01",
            "valid_until": "2028-08-31",
            "trainings": "ISO 19011 (1 jour)",
            "is_active": "on",
        },
    )
    auditor = Auditor.objects.get(person=newcomer)
    assert response.status_code == 302 and response.url == auditor.get_absolute_url()
    edit = client.post(
        reverse("audits:auditor_edit", args=[auditor.pk]),
        {
            "qualified_standards": [world.iso9001.pk],
            "scopes": "Achats, logistique",
            "qualified_on": "2025-09-01",
            "valid_until": "2028-08-31",
            "is_lead_auditor": "on",
            "is_active": "on",
        },
    )
    assert edit.status_code == 302
    auditor.refresh_from_db()
    assert auditor.is_lead_auditor and auditor.scopes == "Achats, logistique"
    page = client.get(auditor.get_absolute_url()).content.decode()
    assert "Achats, logistique" in page
    assert "31/08/2028" in page


def test_auditor_pages_readers_read_only(client, world, member, site_a):
    reader = member(Role.READER, site=site_a, username="reader")
    auditor = world.lead.auditor
    client.force_login(reader.user)
    assert client.get(reverse("audits:auditor_list")).status_code == 200
    assert client.get(auditor.get_absolute_url()).status_code == 200
    assert client.get(reverse("audits:auditor_create")).status_code == 403
    assert client.post(reverse("audits:auditor_edit", args=[auditor.pk]), {}).status_code == 403
    assert client.get(reverse("audits:template_create")).status_code == 403
    client.force_login(world.owner.user)  # process owner: reference data are read-only too
    assert client.get(reverse("audits:auditor_edit", args=[auditor.pk])).status_code == 403


def test_template_pages_create_with_clause_lines_and_edit(client, world):
    client.force_login(world.manager.user)
    response = client.post(
        reverse("audits:template_create"),
        {
            "name": "Fiche processus usinage",
            "theme": "process_sheet",
            "standard": world.iso9001.pk,
            "is_active": "on",
            "questions": "§4.4 La fiche processus est-elle à jour ?\nQui sont les clients du processus ?",
        },
    )
    template = ChecklistTemplate.objects.get()
    assert response.status_code == 302 and response.url == template.get_absolute_url()
    assert [(q.clause.code if q.clause else None, q.question) for q in template.questions.all()] == [
        ("4.4", "La fiche processus est-elle à jour ?"),
        (None, "Qui sont les clients du processus ?"),
    ]
    form = client.get(reverse("audits:template_edit", args=[template.pk])).content.decode()
    assert "§4.4 La fiche processus est-elle à jour ?" in form
    refused = client.post(
        reverse("audits:template_edit", args=[template.pk]),
        {"name": "X", "theme": "process_sheet", "standard": world.iso9001.pk, "questions": "§99.9 Inconnu ?"},
    )
    assert refused.status_code == 200
    assert "§99.9 n&#x27;est pas un chapitre de la norme choisie" in refused.content.decode()
    assert client.get(template.get_absolute_url()).status_code == 200


# --- API ------------------------------------------------------------------------------------------


def test_api_auditors_create_patch_and_reader_403(world, member, site_a):
    newcomer = member(Role.CONTRIBUTOR, site=site_a, username="newcomer")
    client = api(world.manager)
    created = client.post(
        f"{BASE}/auditors/",
        {
            "person": newcomer.pk,
            "qualified_standards": ["ISO 9001:2015"],
            "is_external": True,
            "organisation": "Cabinet Qualiaudit",
            "valid_until": "2027-12-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(f"{BASE}/auditors/{pk}/", {"is_lead_auditor": True}, format="json")
    assert patched.status_code == 200, patched.json()
    auditor = Auditor.objects.get(pk=pk)
    assert auditor.is_lead_auditor and auditor.organisation == "Cabinet Qualiaudit"
    assert [s.code for s in auditor.qualified_standards.all()] == ["ISO 9001:2015"]
    assert (
        client.patch(
            f"{BASE}/auditors/{pk}/", {"is_external": True, "organisation": ""}, format="json"
        ).status_code
        == 400
    )
    reader = api(member(Role.READER, site=site_a, username="reader"))
    assert reader.get(f"{BASE}/auditors/{pk}/").status_code == 200
    assert reader.patch(f"{BASE}/auditors/{pk}/", {"is_active": False}, format="json").status_code == 403
    assert reader.post(f"{BASE}/auditors/", {"person": newcomer.pk}, format="json").status_code == 403


def test_api_auditor_person_outside_sites_is_refused(world, member, site_b):
    stranger = member(Role.CONTRIBUTOR, site=site_b, username="stranger")
    manager_a = api(member(Role.QSSE_MANAGER, site=world.site, username="manager_a_only"))
    response = manager_a.post(f"{BASE}/auditors/", {"person": stranger.pk}, format="json")
    assert response.status_code == 400 and "person" in response.json()


def test_api_templates_create_update_and_reader_403(world, member, site_a):
    client = api(world.manager)
    created = client.post(
        f"{BASE}/checklist-templates/",
        {
            "name": "Amélioration",
            "theme": "improvement",
            "standard": world.iso9001.pk,
            "questions": [{"question": "Les NC sont-elles traitées ?", "clause": world.clause("10.2").pk}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["questions"][0]["clause_code"] == "10.2"
    updated = client.patch(
        f"{BASE}/checklist-templates/{pk}/",
        {"questions": [{"question": "A ?"}, {"question": "B ?"}]},
        format="json",
    )
    assert updated.status_code == 200, updated.json()
    assert [q["question"] for q in updated.json()["questions"]] == ["A ?", "B ?"]
    reader = api(member(Role.READER, site=site_a, username="reader"))
    assert reader.get(f"{BASE}/checklist-templates/{pk}/").status_code == 200
    assert reader.patch(f"{BASE}/checklist-templates/{pk}/", {"name": "x"}, format="json").status_code == 403

"""Independence extended to the NCs and actions of the audited process; a minor/major NC answer
proposes its finding; the maturity rating offers the computed score."""

import re
from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.actions import services as action_services
from qsse.audits import services
from qsse.audits.choices import Answer
from qsse.core.choices import Role
from qsse.nonconformities import services as nc_services

from .factories import AuditWorld, make_process

pytestmark = pytest.mark.django_db
BASE = "/api/v1/audits"


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def nc(world, process, owner, detected_on, title="Bavures"):
    return nc_services.nonconformity_create(
        user=world.manager.user,
        kind="nonconformity",
        title=title,
        site=world.site,
        detected_on=detected_on,
        process=process,
        owner=owner,
    )


def test_auditor_owning_an_nc_of_the_process_is_not_independent(world):
    record = nc(world, world.process, world.auditor, date(2025, 11, 4))
    audit = world.audit(lead_auditor=None, auditors=[])
    issues = services.team_issues(
        process=world.process,
        standard=world.iso9001,
        lead_auditor=world.lead,
        auditors=[world.auditor],
        on=date(2026, 3, 10),
    )
    assert [(i.person_id, i.is_blocking) for i in issues] == [(world.auditor.pk, True)]
    assert record.reference in issues[0].message and "pas indépendant" in issues[0].message
    with pytest.raises(Exception, match=record.reference):
        services.audit_assign_auditors(
            user=world.manager.user, audit=audit, lead_auditor=world.lead, auditors=[world.auditor]
        )


def test_closed_nc_outside_the_audited_period_and_other_process_do_not_count(world):
    other = make_process("SUP-02", "Achats")
    nc(world, other, world.auditor, date(2026, 1, 5))  # another process
    old = nc(world, world.process, world.auditor, date(2024, 6, 1))  # a year before: out of period
    old.status = "closed"
    old.save(update_fields=["status"])
    assert (
        services.team_issues(
            process=world.process,
            standard=world.iso9001,
            lead_auditor=world.lead,
            auditors=[world.auditor],
            on=date(2026, 3, 10),
        )
        == []
    )


def test_auditor_owning_an_open_action_of_an_nc_of_the_process_is_not_independent(world):
    record = nc(world, world.process, world.owner, date(2024, 1, 8))
    record.status = "closed"
    record.save(update_fields=["status"])
    action = action_services.action_create(
        user=world.manager.user,
        title="Reprendre la gamme",
        owner=world.auditor,
        due_on=date(2026, 6, 30),
        origin=record,
    )
    issues = services.team_issues(
        process=world.process,
        standard=world.iso9001,
        lead_auditor=world.lead,
        auditors=[world.auditor],
        on=date(2026, 3, 10),
    )
    assert len(issues) == 1 and action.reference in issues[0].message


def test_supplier_audit_has_no_process_check(world):
    nc(world, world.process, world.auditor, date(2025, 11, 4))
    audit = world.audit(kind="supplier", process=None, supplier_name="Thermi-Centre")
    assert list(audit.auditors.all()) == [world.auditor]


# --- proposed finding and maturity default ---------------------------------------------------------


def answered(world, answer):
    audit = world.audit()
    (question,) = services.checklist_add_from_clauses(
        user=world.lead.user, audit=audit, clauses=[world.clause("7.1")]
    )
    services.checklist_answer(
        user=world.lead.user,
        question=question,
        answer=answer,
        evidence="Pied à coulisse sans étiquette",
        notes="Non étalonné",
    )
    return audit, question


def test_nc_answer_proposes_the_prefilled_finding_in_one_click(client, world):
    audit, question = answered(world, Answer.MAJOR)
    client.force_login(world.lead.user)
    checklist = client.get(reverse("audits:audit_checklist", args=[audit.pk])).content.decode()
    link = f"{reverse('audits:audit_findings', args=[audit.pk])}?question={question.pk}#finding-form"
    assert "Proposer le constat de NC" in checklist and link in checklist
    form = client.get(reverse("audits:audit_findings", args=[audit.pk]) + f"?question={question.pk}")
    page = form.content.decode()
    major_nc = re.search(r'<input type="radio" name="kind" value="major_nc"[^>]*>', page)
    assert major_nc and " checked" in major_nc.group()
    assert f"§7.1 {world.clause('7.1').title_fr} – {question.question[:20]}" in page.replace("&#x27;", "'")
    assert "Pied à coulisse sans étiquette" in page and "Non étalonné" in page
    saved = client.post(
        reverse("audits:audit_findings", args=[audit.pk]),
        {
            "kind": "major_nc",
            "clause": world.clause("7.1").pk,
            "requirement": form.context["form"].initial["requirement"],
            "evidence": "Pied à coulisse sans étiquette",
            "description": "Non étalonné",
            "process": world.process.pk,
            "question": question.pk,
        },
    )
    assert saved.status_code == 302
    finding = audit.findings.get()
    assert finding.question == question and finding.nonconformity is not None
    assert finding.requirement.startswith("§7.1 ")
    checklist = client.get(reverse("audits:audit_checklist", args=[audit.pk])).content.decode()
    assert "Proposer le constat de NC" not in checklist  # its finding is recorded


def test_htmx_answer_offers_the_finding(client, world):
    audit, question = answered(world, Answer.CONFORM)
    client.force_login(world.lead.user)
    url = reverse("audits:checklist_answer", args=[audit.pk, question.pk])
    conform = client.post(url, {"answer": "conform"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Proposer le constat de NC" not in conform
    minor = client.post(url, {"answer": "minor"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Proposer le constat de NC" in minor


def test_api_finding_proposal_reader_and_other_site(world, member, site_a, site_b):
    audit, question = answered(world, Answer.MINOR)
    api = APIClient()
    api.force_authenticate(world.lead.user)
    data = api.get(f"{BASE}/audits/{audit.pk}/finding-proposal/?question={question.pk}").json()
    assert data["kind"] == "minor_nc" and data["clause"] == world.clause("7.1").pk
    assert data["evidence"] == "Pied à coulisse sans étiquette" and data["description"] == "Non étalonné"
    assert data["requirement"].startswith("§7.1 ")
    assert api.get(f"{BASE}/audits/{audit.pk}/finding-proposal/?question=999999").status_code == 404
    reader = member(Role.READER, site=site_a, username="reader")
    api.force_authenticate(reader.user)
    assert (
        api.post(f"{BASE}/audits/{audit.pk}/findings/", {"kind": "ofi", "description": "x"}).status_code
        == 403
    )
    api.force_authenticate(member(Role.QSSE_MANAGER, site=site_b, username="moulins").user)
    assert api.get(f"{BASE}/audits/{audit.pk}/finding-proposal/?question={question.pk}").status_code == 404


def test_maturity_rating_offers_the_computed_level(client, world):
    audit = world.audit()
    questions = services.checklist_add_from_clauses(
        user=world.lead.user, audit=audit, clauses=list(world.iso9001.clauses.all()[:4])
    )
    # 3 conform + 1 minor → (3 + 0.5) / 4 = 87.5 % → level 4
    for question, answer in zip(questions, ["conform", "conform", "conform", "minor"], strict=True):
        services.checklist_answer(user=world.lead.user, question=question, answer=answer)
    client.force_login(world.lead.user)
    response = client.get(reverse("audits:audit_report", args=[audit.pk]))
    assert response.context["form"].initial["maturity_rating"] == 4
    assert "niveau 4" in response.content.decode()
    services.audit_update(user=world.lead.user, audit=audit, maturity_rating=3)
    response = client.get(reverse("audits:audit_report", args=[audit.pk]))
    assert response.context["form"].initial["maturity_rating"] == 3  # the auditor's choice stays

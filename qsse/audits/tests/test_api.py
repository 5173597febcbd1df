import pytest
from rest_framework.test import APIClient

from qsse.audits import services
from qsse.audits.models import Audit
from qsse.core.choices import Role

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


def test_create_audit_and_refuse_dependent_lead(world):
    client = api(world.manager)
    payload = {
        "kind": "internal",
        "title": "Audit usinage",
        "process": world.process.pk,
        "site": world.site.pk,
        "standard": world.iso9001.pk,
        "planned_start": "2026-04-02",
        "planned_end": "2026-04-03",
        "criteria": [world.clause("8.5").pk],
        "lead_auditor": world.lead.pk,
        "auditors": [world.auditor.pk],
    }
    response = client.post(f"{BASE}/audits/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reference"] == "AUD-2026-0001"
    audit_id = response.json()["id"]
    services.auditor_save(
        user=world.manager.user, person=world.owner, standards=[world.iso9001], is_lead_auditor=True
    )
    refused = client.post(f"{BASE}/audits/{audit_id}/team/", {"lead_auditor": world.owner.pk}, format="json")
    assert refused.status_code == 400
    assert "lead_auditor" in refused.json()


def test_checklist_answers_findings_meetings(world):
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    client = api(world.lead)
    questions = client.get(f"{BASE}/audits/{audit.pk}/checklist/").json()
    assert [q["clause_code"] for q in questions] == ["7.1", "8.5"]
    response = client.post(
        f"{BASE}/audits/{audit.pk}/answers/",
        {"answers": [{"question": q["id"], "answer": "conform", "evidence": "ok"} for q in questions]},
        format="json",
    )
    assert response.json() == {"updated": 2}
    finding = client.post(
        f"{BASE}/audits/{audit.pk}/findings/",
        {
            "kind": "major_nc",
            "description": "Pas d'étalonnage",
            "clause": world.clause("7.1").pk,
            "evidence": "PV",
        },
        format="json",
    )
    assert finding.status_code == 201
    assert finding.json()["nonconformity_reference"].startswith("NC-")
    meeting = client.post(
        f"{BASE}/audits/{audit.pk}/meetings/",
        {"kind": "closing", "held_at": "2026-03-10T16:00:00+01:00", "attendees": [world.owner.pk]},
        format="json",
    )
    assert meeting.status_code == 201
    detail = client.get(f"{BASE}/audits/{audit.pk}/").json()
    assert detail["report_url_en"].endswith("?lang=en")


def test_programme_coverage_endpoint_returns_numbers(world):
    programme = services.programme_create(
        user=world.manager.user, title="Programme", start_year=2025, end_year=2027, standards=[world.iso9001]
    )
    world.audit()
    data = api(world.manager).get(f"{BASE}/programmes/{programme.pk}/coverage/").json()
    assert data["years"] == [2025, 2026, 2027]
    row = data["rows"][0]
    assert [c["planned"] for c in row["cells"]] == [0, 1, 0]
    assert data["process_coverage_rate"] == 1.0
    assert data["clause_coverage_rate"] == pytest.approx(2 / 7)
    item = api(world.manager).post(
        f"{BASE}/programmes/{programme.pk}/items/",
        {"process": world.process.pk, "planned_year": 2027, "risk_level": "low", "last_result": "good"},
        format="json",
    )
    assert item.status_code == 201 and item.json()["frequency_years"] == 3


def test_standards_and_clauses(world):
    client = api(world.manager)
    standards = client.get(f"{BASE}/standards/").json()
    codes = {s["code"]: s for s in (standards["results"] if isinstance(standards, dict) else standards)}
    assert codes["ISO 9001:2015"]["clause_count"] == 35
    clauses = client.get(f"{BASE}/standards/{world.iso9001.pk}/clauses/").json()
    assert clauses[0]["code"] == "4"


def test_reader_gets_403_and_site_scope_applies(world, member, site_a, site_b):
    audit = world.audit()
    reader = api(member(Role.READER, site=site_a, username="reader"))
    assert reader.get(f"{BASE}/audits/{audit.pk}/").status_code == 200
    assert reader.patch(f"{BASE}/audits/{audit.pk}/", {"scope": "x"}, format="json").status_code == 403
    assert (
        reader.post(
            f"{BASE}/audits/{audit.pk}/findings/", {"kind": "ofi", "description": "x"}, format="json"
        ).status_code
        == 403
    )
    assert (
        reader.post(f"{BASE}/audits/{audit.pk}/answers/", {"answers": []}, format="json").status_code == 403
    )
    other = api(member(Role.QSSE_MANAGER, site=site_b, username="moulins"))
    listing = other.get(f"{BASE}/audits/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert rows == []
    assert other.get(f"{BASE}/audits/{audit.pk}/").status_code == 404
    assert Audit.objects.count() == 1


def test_auditor_outside_team_cannot_write(world, member, site_a):
    audit = world.audit()
    outsider = api(member(Role.AUDITOR, site=site_a, username="outsider"))
    assert (
        outsider.post(
            f"{BASE}/audits/{audit.pk}/findings/", {"kind": "ofi", "description": "x"}, format="json"
        ).status_code
        == 403
    )

"""API: import with errors as data, reader 403 on every write, site scoping, assess opens an action."""

import pytest
from rest_framework.test import APIClient

from qsse.actions.models import Action
from qsse.compliance import services
from qsse.compliance.models import ComplianceAssessment, RequirementLibrary, SiteProfile
from qsse.core.choices import Role

from .factories import V1, V2

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def loaded(manager, site_a, site_b):
    services.profile_save(user=manager.user, site=site_a, icpe_rubriques=["2910"], equipment=["forklifts"])
    services.profile_save(user=manager.user, site=site_b)
    return services.library_import(user=manager.user, content=V1)


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_import_and_diff(manager, loaded):
    response = api(manager).post("/api/v1/compliance/libraries/import/", {"content": V2}, format="json")
    assert response.status_code == 201
    assert response.json()["added"] == ["noise"]
    assert response.json()["modified"] == ["cse"]
    assert response.json()["repealed"] == ["boiler"]
    assert response.json()["flagged"] == 4
    version_id = response.json()["version"]["id"]
    changes = api(manager).get("/api/v1/compliance/changes/", {"version": version_id}).json()
    rows = changes["results"] if isinstance(changes, dict) else changes
    assert sorted(row["kind"] for row in rows) == ["added", "modified", "repealed"]


def test_import_refused_lists_errors(manager, loaded):
    broken = V2.replace("title: Bruit", "titre: Bruit")
    response = api(manager).post("/api/v1/compliance/libraries/import/", {"content": broken}, format="json")
    assert response.status_code == 400
    assert [(e["entry"], e["field"]) for e in response.json()] == [("noise", "titre"), ("noise", "title")]
    assert RequirementLibrary.objects.get().current_version.number == "2026.1"


def test_reader_gets_403_on_writes(member, loaded, site_a):
    reader = api(member(Role.READER))
    assessment = ComplianceAssessment.objects.get(site=site_a, requirement__key="cse")
    assert (
        reader.post("/api/v1/compliance/libraries/import/", {"content": V2}, format="json").status_code == 403
    )
    assert (
        reader.post(
            f"/api/v1/compliance/assessments/{assessment.pk}/assess/", {"status": "compliant"}
        ).status_code
        == 403
    )
    assert (
        reader.post(
            f"/api/v1/compliance/assessments/{assessment.pk}/decide/", {"is_applicable": False}
        ).status_code
        == 403
    )
    profile = SiteProfile.objects.get(site=site_a)
    assert (
        reader.patch(
            f"/api/v1/compliance/profiles/{profile.pk}/", {"naf_code": "1"}, format="json"
        ).status_code
        == 403
    )
    assert reader.get("/api/v1/compliance/assessments/").status_code == 200


def test_site_scoping(member, loaded, site_a, site_b):
    reader_b = api(member(Role.READER, site=site_b))
    data = reader_b.get("/api/v1/compliance/assessments/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {row["site"] for row in rows} == {site_b.pk}
    assert len(rows) == 4
    other = ComplianceAssessment.objects.get(site=site_a, requirement__key="cse")
    assert reader_b.get(f"/api/v1/compliance/assessments/{other.pk}/").status_code == 404


def test_assess_gap_opens_action_and_decide(manager, loaded, site_a, site_b):
    forklift = ComplianceAssessment.objects.get(site=site_a, requirement__key="forklift")
    response = api(manager).post(
        f"/api/v1/compliance/assessments/{forklift.pk}/assess/",
        {
            "status": "partial",
            "gap_severity": "minor",
            "gap_likelihood": 2,
            "gap_impact": 3,
            "assessed_on": "2026-10-01",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["action"] == Action.objects.get().pk
    assert response.json()["next_assessment_on"] == "2027-04-01"
    # No "compliance" matrix: score = 2 × 3 = 6, no level, significant from 10 only.
    assert (response.json()["gap_score"], response.json()["gap_level"]) == (6, "")
    assert response.json()["gap_is_significant"] is False
    boiler = ComplianceAssessment.objects.get(site=site_b, requirement__key="boiler")
    refused = api(manager).post(
        f"/api/v1/compliance/assessments/{boiler.pk}/decide/", {"is_applicable": True}, format="json"
    )
    assert refused.status_code == 400 and "justification" in refused.json()


def test_profile_update_refreshes_proposals(manager, loaded, site_b):
    profile = SiteProfile.objects.get(site=site_b)
    response = api(manager).patch(
        f"/api/v1/compliance/profiles/{profile.pk}/", {"equipment": ["forklifts"]}, format="json"
    )
    assert response.status_code == 200
    assert ComplianceAssessment.objects.get(site=site_b, requirement__key="forklift").is_applicable

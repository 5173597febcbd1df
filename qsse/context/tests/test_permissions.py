"""Rights: a reader cannot write (pages and API answer 403), a user scoped to one site does not see
the other site's records, reference data (matrix, analyses) is for administrators and QSSE managers."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.context import services
from qsse.context.models import ContextAnalysis, InterestedParty, RiskOpportunity
from qsse.core.choices import Role

from .factories import make_risk

pytestmark = pytest.mark.django_db


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def records(manager, process, matrix, site_a, site_b):
    return {
        "mine": make_risk(manager.user, process, site=site_a, title="Montluçon"),
        "other": make_risk(manager.user, process, site=site_b, title="Moulins"),
        "party_b": services.party_create(
            user=manager.user, name="Riverains Moulins", category="community", site=site_b
        ),
        "analysis_b": services.analysis_create(
            user=manager.user, kind="swot", title="Moulins", analysed_on=date(2026, 1, 1), site=site_b
        ),
    }


def test_reader_403_in_pages_and_api(client, member, records, process):
    reader = member(Role.READER, username="reader")
    client.force_login(reader.user)
    record = records["mine"]
    for url in (reverse("context:risk_create"), reverse("context:risk_edit", args=[record.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("context:risk_delete", args=[record.pk])).status_code == 403
    assert (
        api(reader)
        .post(
            "/api/v1/context/risks/",
            {"title": "X", "process": process.pk, "probability": 1, "impact": 1},
            format="json",
        )
        .status_code
        == 403
    )
    assert api(reader).delete(f"/api/v1/context/risks/{record.pk}/").status_code == 403
    assert (
        api(reader)
        .post("/api/v1/context/interested-parties/", {"name": "X", "category": "other"}, format="json")
        .status_code
        == 403
    )
    assert RiskOpportunity.objects.count() == 2 and InterestedParty.objects.count() == 1


def test_contributor_may_create_risks_but_not_reference_data(client, member, records, process, site_a):
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    client.force_login(contributor.user)
    assert client.get(reverse("context:risk_create")).status_code == 200
    assert client.get(reverse("context:analysis_create")).status_code == 403
    assert client.get(reverse("context:matrix_create")).status_code == 403
    response = api(contributor).post(
        "/api/v1/context/risks/",
        {"title": "Panne du four", "process": process.pk, "site": site_a.pk, "probability": 2, "impact": 2},
        format="json",
    )
    assert response.status_code == 201
    # Not their own record: editing answers 403.
    other = records["mine"]
    assert (
        api(contributor)
        .patch(f"/api/v1/context/risks/{other.pk}/", {"title": "Z"}, format="json")
        .status_code
        == 403
    )


def test_site_scope_ui_and_api(client, member, records):
    scoped = member(Role.CONTRIBUTOR, username="scoped")  # Montluçon only
    client.force_login(scoped.user)
    page = client.get(reverse("context:risk_list")).content.decode()
    assert "Montluçon" in page and records["other"].reference not in page
    assert client.get(records["other"].get_absolute_url()).status_code == 404
    assert client.get(reverse("context:party_edit", args=[records["party_b"].pk])).status_code == 404
    assert client.get(records["analysis_b"].get_absolute_url()).status_code == 404
    titles = [row["title"] for row in api(scoped).get("/api/v1/context/risks/").data["results"]]
    assert titles == ["Montluçon"]
    assert api(scoped).get(f"/api/v1/context/risks/{records['other'].pk}/").status_code == 404
    assert api(scoped).get("/api/v1/context/interested-parties/").data["count"] == 0
    assert ContextAnalysis.objects.count() == 1

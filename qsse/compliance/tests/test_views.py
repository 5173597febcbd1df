"""Pages: register with filters and Excel, import (refused file shows line and reason), library
diff, applicability override, inline status change opening an action, site scoping, 403s."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from qsse.actions.models import Action
from qsse.compliance import services
from qsse.compliance.choices import Applicability, ConformityStatus
from qsse.compliance.models import ComplianceAssessment, RequirementLibrary
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


def login(client, person):
    client.force_login(person.user)
    return client


def upload(content, name="library.yaml"):
    return SimpleUploadedFile(name, content.encode(), content_type="application/x-yaml")


def test_import_page_loads_and_shows_diff(client, manager, site_a):
    login(client, manager)
    response = client.post(reverse("compliance:library_import"), {"file": upload(V1)})
    assert response.status_code == 302
    library = RequirementLibrary.objects.get(code="test-ohs")
    response = client.post(reverse("compliance:library_import"), {"file": upload(V2)})
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bruit" in html and "Mettre en place un CSE dès 11 salariés pendant 12 mois." in html
    assert library.versions.count() == 2


def test_refused_file_shows_line_and_reason(client, manager, loaded):
    login(client, manager)
    broken = V2.replace("    periodicity_months: 6", "    periodicity_months: tous les six mois")
    response = client.post(reverse("compliance:library_import"), {"file": upload(broken)})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert "<td>26</td><td>forklift</td><td>periodicity_months</td>" in html
    assert RequirementLibrary.objects.get(code="test-ohs").current_version.number == "2026.1"


def test_reader_cannot_import_or_edit(client, member, loaded, site_a):
    reader = member(Role.READER)
    login(client, reader)
    assert client.post(reverse("compliance:library_import"), {"file": upload(V2)}).status_code == 403
    assessment = ComplianceAssessment.objects.get(site=site_a, requirement__key="cse")
    url = reverse("compliance:assessment_status", args=[assessment.pk])
    assert client.post(url, {"status": "compliant"}).status_code == 403
    assert client.get(assessment.get_absolute_url()).status_code == 200
    assert client.get(reverse("compliance:profile_edit", args=[site_a.pk])).status_code == 403


def test_register_is_site_scoped_and_exports(client, member, loaded, site_a, site_b):
    reader_b = member(Role.READER, site=site_b)
    login(client, reader_b)
    response = client.get(reverse("compliance:assessment_list"))
    assert response.status_code == 200
    assert "4 enregistrements" in response.content.decode()
    other = ComplianceAssessment.objects.get(site=site_a, requirement__key="cse")
    assert client.get(other.get_absolute_url()).status_code == 404
    export = client.get(reverse("compliance:assessment_list"), {"export": "xlsx", "is_applicable": "true"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # site B applies only DUER and CSE (no 2910, no forklifts)
    assert sorted(row[0] for row in rows[1:]) == [
        "Code du travail, art. L2311-2",
        "Code du travail, art. R4121-1",
    ]


def test_override_with_justification(client, manager, loaded, site_b):
    login(client, manager)
    boiler = ComplianceAssessment.objects.get(site=site_b, requirement__key="boiler")
    url = reverse("compliance:assessment_decide", args=[boiler.pk])
    refused = client.post(url, {"is_applicable": "1", "justification": ""})
    assert refused.status_code == 400
    assert client.post(url, {"is_applicable": "1", "justification": "Chaudière louée."}).status_code == 302
    boiler.refresh_from_db()
    assert boiler.applicability == Applicability.OVERRIDDEN and boiler.is_applicable


def test_inline_status_change_opens_action(client, manager, loaded, site_a):
    login(client, manager)
    forklift = ComplianceAssessment.objects.get(site=site_a, requirement__key="forklift")
    url = reverse("compliance:assessment_status", args=[forklift.pk])
    # A gap needs its criticality first: the inline buttons cannot rate it.
    refused = client.post(url, {"status": "noncompliant"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "Évaluez la criticité de l’écart : sa probabilité et son impact." in refused.content.decode()
    assert not Action.objects.exists()
    services.assessment_record(
        user=manager.user, assessment=forklift, status="partial", gap_likelihood=2, gap_impact=2
    )
    response = client.post(url, {"status": "noncompliant"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    action = Action.objects.get()
    assert 'id="gap-action"' in html and action.reference in html
    forklift.refresh_from_db()
    assert forklift.status == ConformityStatus.NONCOMPLIANT and forklift.action == action


def test_full_assessment_form(client, manager, loaded, site_a):
    login(client, manager)
    cse = ComplianceAssessment.objects.get(site=site_a, requirement__key="cse")
    response = client.post(
        reverse("compliance:assessment_assess", args=[cse.pk]),
        {"status": "compliant", "evidence": "PV des élections 2025", "assessed_on": "2026-11-02"},
    )
    assert response.status_code == 302
    cse.refresh_from_db()
    assert cse.evidence == "PV des élections 2025"
    assert cse.next_assessment_on.isoformat() == "2027-11-02"
    rates = client.get(reverse("compliance:assessment_summary"), HTTP_HX_REQUEST="true")
    # every visible site: 6 applicable (4 on A, 2 on B), 1 compliant, 5 to assess → rate 100.0 %
    assert 'id="overall-rate">100,0 %' in rates.content.decode()


def test_profile_pages(client, manager, loaded, site_b):
    login(client, manager)
    assert client.get(reverse("compliance:profile_list")).status_code == 200
    url = reverse("compliance:profile_edit", args=[site_b.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"naf_code": "", "icpe_rubriques": "2910, 1510", "activities": "", "equipment": ["forklifts"]}
    )
    assert response.status_code == 302
    assert ComplianceAssessment.objects.get(site=site_b, requirement__key="boiler").is_applicable


def test_library_list_page(client, manager, loaded):
    login(client, manager)
    response = client.get(reverse("compliance:library_list"))
    assert response.status_code == 200 and "Test OHS library" in response.content.decode()


def test_register_loads_its_rates_panel_with_htmx(client, manager, member, loaded, site_a, site_b):
    for key, status in (("duer", "compliant"), ("cse", "compliant"), ("forklift", "partial")):
        assessment = ComplianceAssessment.objects.get(site=site_a, requirement__key=key)
        services.assessment_record(
            user=manager.user, assessment=assessment, status=status, gap_likelihood=1, gap_impact=1
        )
    login(client, manager)
    page = client.get(reverse("compliance:assessment_list")).content.decode()
    summary_url = reverse("compliance:assessment_summary")
    assert f'hx-get="{summary_url}"' in page and 'id="overall-rate"' not in page
    fragment = client.get(summary_url, HTTP_HX_REQUEST="true").content.decode()
    # Site A: 4 applicable, 2 compliant + 1 partial assessed → (2 + 0.5) / 3 = 83.3 %; coverage 3 / 6
    # applicable on both sites (B: DUER and CSE) = 50.0 %.
    assert 'id="overall-rate">83,3 %' in fragment and "<html" not in fragment
    assert "Couverture : 50,0 %" in fragment
    whole = client.get(summary_url).content.decode()  # without JavaScript: a page of its own
    assert "<h1" in whole and "83,3 %" in whole
    # A reader of site B sees site B's figures only: nothing assessed there.
    login(client, member(Role.READER, site=site_b))
    assert 'id="overall-rate">—' in client.get(summary_url, HTTP_HX_REQUEST="true").content.decode()

"""Gap criticality on the "compliance" matrix, standard gap analysis (rates per clause, snapshots),
the compliance dashboard and the register PDF: services, pages in French, scoping, API.

The data (worked by hand below): V2 of the test OHS library (V1 then V2: CSE modified, combustion
repealed, noise added) and a small standard (headings 4 and 5, clauses 4.1, 4.2, 5.1, 10) on two
sites, Montluçon (A: 2910, forklifts) and Moulins (B: nothing declared).

    A: forklift NC (4 × 4)  4.1 C  4.2 P (1 × 2)  5.1 NC (2 × 2)  10 C
       still to assess: DUER, CSE, noise, heading 4
    B: DUER C  4.1 C  5.1 C  10 P (3 × 4)
       still to assess: CSE, noise, heading 4, 4.2
"""

import json
from datetime import date
from decimal import Decimal

import pytest
import typst
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.compliance import report, selectors, services
from qsse.compliance.models import ComplianceAssessment, ComplianceSnapshot, RequirementLibrary
from qsse.context.models import CriticalityLevel
from qsse.context.services import matrix_ensure_default
from qsse.core.choices import Role

from .factories import STANDARD, V1, V2

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def moulins_contributor(member, site_b):
    return member(Role.CONTRIBUTOR, site=site_b, username="contrib-moulins")


def assessment(site, key, library="test-ohs"):
    return ComplianceAssessment.objects.get(
        site=site, requirement__key=key, requirement__library__code=library
    )


@pytest.fixture
def assessed(manager, site_a, site_b):
    matrix_ensure_default(usage="compliance")  # 4 × 4: Faible 1–3, Modéré 4–7, Élevé 8–11, Critique 12+
    services.profile_save(user=manager.user, site=site_a, icpe_rubriques=["2910"], equipment=["forklifts"])
    services.profile_save(user=manager.user, site=site_b)
    services.library_import(user=manager.user, content=V1)
    services.library_import(user=manager.user, content=V2)
    services.library_import(user=manager.user, content=STANDARD)

    def record(site, key, status, rating=None, library="test-iso", **extra):
        likelihood, impact = rating or (None, None)
        services.assessment_record(
            user=manager.user,
            assessment=assessment(site, key, library),
            status=status,
            gap_likelihood=likelihood,
            gap_impact=impact,
            **extra,
        )

    # 6-month periodicity: assessed in January 2025, re-assessment overdue since July 2025.
    record(site_a, "forklift", "noncompliant", (4, 4), library="test-ohs", assessed_on=date(2025, 1, 10))
    record(site_a, "4.1", "compliant")
    record(site_a, "4.2", "partial", (1, 2))
    record(site_a, "5.1", "noncompliant", (2, 2))
    record(site_a, "10", "compliant")
    record(site_b, "duer", "compliant", library="test-ohs")
    record(site_b, "4.1", "compliant")
    record(site_b, "5.1", "compliant")
    record(site_b, "10", "partial", (3, 4))
    return RequirementLibrary.objects.get(code="test-iso")


# --- Gap criticality --------------------------------------------------------------------------


def test_gap_needs_its_criticality(manager, assessed, site_b):
    noise = assessment(site_b, "noise")
    with pytest.raises(ValidationError) as error:
        services.assessment_record(user=manager.user, assessment=noise, status="partial")
    assert "gap_likelihood" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # the matrix is 4 × 4
        services.assessment_record(
            user=manager.user, assessment=noise, status="partial", gap_likelihood=5, gap_impact=1
        )
    assert error.value.message_dict["gap_likelihood"] == ["Donnez à l’écart une probabilité entre 1 et 4."]
    services.assessment_record(
        user=manager.user, assessment=noise, status="partial", gap_likelihood=3, gap_impact=3
    )
    noise.refresh_from_db()
    # 3 × 3 = 9: Élevé (8–11), significant, orange
    assert (noise.gap_score, noise.gap_level, noise.gap_colour) == (9, "Élevé", "#ef6c00")
    assert noise.gap_is_significant and noise.gap_label == "3 × 3 = 9 – Élevé"
    # Partial → non-compliant keeps the rating given before.
    services.assessment_record(user=manager.user, assessment=noise, status="noncompliant")
    noise.refresh_from_db()
    assert noise.gap_score == 9


def test_gap_rating_without_matrix(manager, site_a):
    services.profile_save(user=manager.user, site=site_a, equipment=["forklifts"])
    services.library_import(user=manager.user, content=V1)
    forklift = assessment(site_a, "forklift")
    services.assessment_record(
        user=manager.user, assessment=forklift, status="partial", gap_likelihood=5, gap_impact=2
    )
    forklift.refresh_from_db()
    # No "compliance" matrix: 5 × 5 grid, score 10, no level, significant from 10.
    assert (forklift.gap_score, forklift.gap_level, forklift.gap_is_significant) == (10, "", True)


def test_matrix_change_rescores_the_gaps(assessed, site_a):
    CriticalityLevel.objects.filter(matrix__usage="compliance", name="Modéré").update(name="Moyen")
    assert services.gaps_rescore() == 4  # four rated gaps, whatever the pairs
    assert assessment(site_a, "5.1", "test-iso").gap_level == "Moyen"  # 2 × 2 = 4
    assert assessment(site_a, "forklift").gap_level == "Critique"


# --- Gap analysis and snapshots --------------------------------------------------------------


def rates(analysis):
    return {row.clause.key: row.clause.rate.rate for row in analysis.rows}


def test_gap_analysis_per_site_and_all_sites(manager, moulins_contributor, assessed, site_a, site_b):
    on_a = selectors.gap_analysis(manager.user, assessed, site=site_a)
    # §4 = 4.1 C + 4.2 P: 1.5 / 2; §5 = 5.1 NC; §10 C; standard 2.5 / 4
    assert rates(on_a) == {
        "4": Decimal("75.0"),
        "4.1": Decimal("100.0"),
        "4.2": Decimal("50.0"),
        "5": Decimal("0.0"),
        "5.1": Decimal("0.0"),
        "10": Decimal("100.0"),
    }
    assert on_a.overall.rate == Decimal("62.5")
    assert [row.clause.key for row in on_a.main_rows] == ["4", "5", "10"]
    # Every site: §4 = 2 C + 1 P (+ 4.2 to assess at B) = 2.5 / 3; standard C4 P2 NC1 (+1) = 5 / 7
    everywhere = selectors.gap_analysis(manager.user, assessed)
    assert rates(everywhere)["4"] == Decimal("83.3") and rates(everywhere)["5"] == Decimal("50.0")
    assert (everywhere.overall.rate, everywhere.overall.coverage) == (Decimal("71.4"), Decimal("87.5"))
    # A contributor of Moulins sees Moulins only: C2 P1, 4.2 to assess → 2.5 / 3
    theirs = selectors.gap_analysis(moulins_contributor.user, assessed)
    assert (theirs.overall.rate, theirs.overall.coverage) == (Decimal("83.3"), Decimal("75.0"))
    assert rates(theirs)["10"] == Decimal("50.0")


def test_snapshot_freezes_the_rates(manager, assessed, site_a):
    snapshot = services.snapshot_take(
        user=manager.user, library=assessed, site=site_a, taken_on=date(2026, 3, 12)
    )
    assert snapshot.label == "État des lieux du 12/03/2026"
    assert (snapshot.rate, snapshot.compliant, snapshot.partial, snapshot.noncompliant) == (
        Decimal("62.5"),
        2,
        1,
        1,
    )
    assert snapshot.clauses["4"] == {
        "compliant": 1,
        "partial": 1,
        "noncompliant": 0,
        "to_assess": 0,
        "rate": "75.0",
    }
    services.assessment_record(
        user=manager.user, assessment=assessment(site_a, "5.1", "test-iso"), status="compliant"
    )
    now = selectors.gap_analysis(manager.user, assessed, site=site_a)
    assert rates(now)["5"] == Decimal("100.0")
    assert selectors.snapshot_rate(snapshot, "5") == Decimal("0.0")  # the March state is kept
    assert list(selectors.snapshot_list(manager.user, assessed, site=site_a)) == [snapshot]
    assert list(selectors.snapshot_list(manager.user, assessed)) == []  # not an all-sites one


def test_snapshot_permissions(manager, member, moulins_contributor, assessed, site_b):
    with pytest.raises(PermissionDenied):  # a contributor cannot
        services.snapshot_take(user=moulins_contributor.user, library=assessed, site=site_b)
    owner_b = member(Role.PROCESS_OWNER, site=site_b, username="owner-moulins")
    with pytest.raises(PermissionDenied):  # all sites: only for who sees every site
        services.snapshot_take(user=owner_b.user, library=assessed, site=None)
    own = services.snapshot_take(user=owner_b.user, library=assessed, site=site_b, label="Audit blanc")
    everywhere = services.snapshot_take(user=manager.user, library=assessed, site=None)
    assert everywhere.rate == Decimal("71.4")
    assert list(selectors.snapshot_queryset(owner_b.user)) == [own]
    assert list(selectors.snapshot_list(owner_b.user, assessed)) == []
    with pytest.raises(ValidationError):  # regulatory libraries have no clauses
        services.snapshot_take(
            user=manager.user, library=RequirementLibrary.objects.get(code="test-ohs"), site=site_b
        )


# --- Dashboard --------------------------------------------------------------------------------


def test_dashboard_figures(manager, assessed, site_a, site_b, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        figures = selectors.dashboard(manager.user, today=date(2026, 12, 3))
    # OHS only (the combustion plant was repealed). A: C2 P1 NC2 → 2.5 / 5; B: C3 P1 → 3.5 / 4
    ((ohs),) = figures.grid
    assert ohs.key == "ohs" and [site.pk for site in figures.sites] == [site_a.pk, site_b.pk]
    assert [cell.rate.rate for cell in ohs.cells] == [Decimal("50.0"), Decimal("87.5")]
    # C5 P2 NC2 → 6 / 9; 9 assessed of 17 applicable
    assert (figures.overall.rate, figures.overall.coverage) == (Decimal("66.7"), Decimal("52.9"))
    assert [(gap.requirement.key, gap.gap_score) for gap in figures.top_gaps] == [
        ("forklift", 16),
        ("10", 12),
        ("5.1", 4),
        ("4.2", 2),
    ]
    assert (figures.open_gaps, figures.significant_gaps, figures.gaps_without_action) == (4, 2, 0)
    assert (figures.to_assess, figures.overdue) == (8, 1)
    # CSE was modified in V2 after the assessments were proposed: flagged on both sites.
    assert figures.changed_count == 2 and {item.requirement.key for item in figures.changed} == {"cse"}


def test_dashboard_of_a_moulins_contributor(moulins_contributor, assessed, site_b):
    figures = selectors.dashboard(moulins_contributor.user, today=date(2026, 12, 3))
    assert [site.pk for site in figures.sites] == [site_b.pk]
    assert figures.overall.rate == Decimal("87.5")
    assert [gap.requirement.key for gap in figures.top_gaps] == ["10"]
    assert (figures.to_assess, figures.changed_count, figures.overdue) == (4, 1, 0)


# --- Pages ------------------------------------------------------------------------------------


def test_dashboard_page_in_french(client, manager, moulins_contributor, assessed, site_a):
    client.force_login(manager.user)
    html = client.get(reverse("compliance:dashboard")).content.decode()
    assert "Tableau de bord de la conformité" in html
    assert 'id="dashboard-rate">66,7 %' in html
    assert "4 × 4 = 16 – Critique" in html and "Arrêté du 1er mars 2004, art. 23" in html
    assert 'id="count-overdue">1<' in html
    client.force_login(moulins_contributor.user)
    html = client.get(reverse("compliance:dashboard")).content.decode()
    assert 'id="dashboard-rate">87,5 %' in html
    assert "Arrêté du 1er mars 2004, art. 23" not in html  # the Montluçon gap
    assert client.get(reverse("compliance:dashboard"), {"site": site_a.pk}).status_code == 404


def test_gap_analysis_page_and_snapshot(client, manager, assessed, site_a):
    client.force_login(manager.user)
    url = reverse("compliance:gap_analysis", args=[assessed.pk])
    page = client.get(url, {"site": site_a.pk})
    html = page.content.decode()
    assert page.status_code == 200 and "Analyse d’écart" in html
    assert 'id="standard-rate">62,5 %' in html
    assert 'id="radar-options"' in html and "Pas encore d’état des lieux figé." in html
    response = client.post(
        reverse("compliance:snapshot_take", args=[assessed.pk]),
        {"site": site_a.pk, "label": "", "taken_on": "2026-03-12"},
    )
    snapshot = ComplianceSnapshot.objects.get()
    assert snapshot.label == "État des lieux du 12/03/2026" and snapshot.site == site_a
    assert response["Location"] == f"{url}?site={site_a.pk}&compare={snapshot.pk}"
    html = client.get(response["Location"]).content.decode()
    assert '<th scope="col" class="text-end">État des lieux du 12/03/2026</th>' in html
    radar = json.loads(html.split('id="radar-options" type="application/json">')[1].split("</script>")[0])
    assert [item["name"] for item in radar["series"][0]["data"]] == [
        "Maintenant",
        "État des lieux du 12/03/2026",
    ]
    assert radar["series"][0]["data"][0]["value"] == [75.0, 0.0, 100.0]
    # A regulatory library has no gap analysis.
    regulatory = RequirementLibrary.objects.get(code="test-ohs")
    assert client.get(reverse("compliance:gap_analysis", args=[regulatory.pk])).status_code == 404


def test_contributor_cannot_snapshot(client, moulins_contributor, assessed, site_b):
    client.force_login(moulins_contributor.user)
    page = client.get(reverse("compliance:gap_analysis", args=[assessed.pk]))
    assert page.status_code == 200 and 'id="snapshot-form"' not in page.content.decode()
    response = client.post(reverse("compliance:snapshot_take", args=[assessed.pk]), {"site": site_b.pk})
    assert response.status_code == 403 and not ComplianceSnapshot.objects.exists()


def test_register_sorted_and_filtered_by_criticality(client, manager, assessed):
    client.force_login(manager.user)
    page = client.get(reverse("compliance:assessment_list"), {"sort": "-gap_score"})
    html = page.content.decode()
    first_row = html.split('id="list-table"')[1].split("<tbody>")[1].split("</tr>")[0]
    assert "Arrêté du 1er mars 2004, art. 23" in first_row and 'data-gap-score="16"' in first_row
    page = client.get(reverse("compliance:assessment_list"), {"gap_level": "Critique"})
    assert "2 enregistrements" in page.content.decode()


def test_register_pdf(client, manager, moulins_contributor, assessed, site_a, site_b):
    data = report.register_data(
        selectors.register_rows(selectors.assessment_list(manager.user).filter(site=site_b)), "fr"
    )
    assert data["labels"]["title"] == "Registre de conformité"
    (moulins,) = data["sites"]
    ten = next(row for row in moulins["rows"] if row["reference"] == "ISO 45001 §10")
    assert (ten["status"], ten["gap"], ten["colour"]) == (
        "Partiellement conforme",
        "3 × 4 = 12 – Critique",
        "#c62828",
    )
    assert ten["action"].startswith("ACT-")
    payload = json.dumps(data, ensure_ascii=False)
    sites = typst.query(
        str(report.TEMPLATE),
        "<site>",
        field="value",
        root=str(report.TEMPLATE.parent),
        sys_inputs={"data": payload},
    )
    assert json.loads(sites) == ["Moulins"]
    client.force_login(moulins_contributor.user)
    response = client.get(reverse("compliance:assessment_list"), {"export": "pdf", "lang": "en"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "-en.pdf" in response["Content-Disposition"]


# --- API --------------------------------------------------------------------------------------


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_api_gap_analysis_dashboard_snapshots(manager, member, moulins_contributor, assessed, site_a, site_b):
    body = api(manager).get(f"/api/v1/compliance/gap-analysis/{assessed.pk}/", {"site": site_a.pk}).json()
    assert body["overall"]["rate"] == "62.5" and body["site"] == site_a.pk
    assert [(row["key"], row["rate"]["rate"]) for row in body["clauses"]][:3] == [
        ("4", "75.0"),
        ("4.1", "100.0"),
        ("4.2", "50.0"),
    ]
    figures = api(manager).get("/api/v1/compliance/dashboard/").json()
    assert figures["overall"]["rate"] == "66.7" and figures["top_gaps"][0]["gap_score"] == 16
    assert figures["by_theme_and_site"][0]["sites"][1]["rate"]["rate"] == "87.5"
    theirs = api(moulins_contributor)
    assert theirs.get("/api/v1/compliance/dashboard/").json()["overall"]["rate"] == "87.5"
    assert theirs.get("/api/v1/compliance/dashboard/", {"site": site_a.pk}).status_code == 404
    created = api(manager).post(
        "/api/v1/compliance/snapshots/",
        {"library": assessed.pk, "site": site_a.pk, "label": "Revue", "taken_on": "2026-09-15"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["rate"] == "62.5"
    assert created.json()["clauses"]["10"]["rate"] == "100.0"
    reader = api(member(Role.READER, site=site_a, username="reader-mtl"))
    refused = reader.post(
        "/api/v1/compliance/snapshots/", {"library": assessed.pk, "site": site_a.pk}, format="json"
    )
    assert refused.status_code == 403
    listed = reader.get("/api/v1/compliance/snapshots/").json()
    assert [row["label"] for row in (listed["results"] if isinstance(listed, dict) else listed)] == ["Revue"]
    assert theirs.get("/api/v1/compliance/snapshots/").json()["count"] == 0
    pdf = api(manager).get("/api/v1/compliance/assessments/register-pdf/", {"lang": "fr", "site": site_b.pk})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_home_dashboard_card(client, manager, moulins_contributor, assessed):
    figures = selectors.widget_figures(manager.user)
    assert (figures.rate.rate, figures.open_gaps, figures.changed) == (Decimal("66.7"), 4, 2)
    client.force_login(moulins_contributor.user)
    html = client.get("/").content.decode()
    assert 'id="compliance-widget-title"' in html and "87,5 %" in html and "1 écart ouvert" in html


def test_assessment_page_shows_the_criticality(client, manager, assessed, site_a):
    client.force_login(manager.user)
    forklift = assessment(site_a, "forklift")
    html = client.get(forklift.get_absolute_url()).content.decode()
    assert 'id="gap-criticality"' in html and "4 × 4 = 16 – Critique" in html
    # The form's fields name the matrix axes and its grid (the default 4 × 4 "Probabilité × Gravité").
    assert "Écart : Probabilité (1–4)" in html and "Écart : Gravité (1–4)" in html
    refused = client.post(
        reverse("compliance:assessment_assess", args=[assessment(site_a, "noise").pk]),
        {"status": "noncompliant", "gap_likelihood": "", "gap_impact": ""},
    )
    assert refused.status_code == 400
    assert "Évaluez la criticité de l’écart : sa probabilité et son impact." in refused.content.decode()


def test_api_assess_gap_needs_its_rating(manager, assessed, site_a):
    noise = assessment(site_a, "noise")
    url = f"/api/v1/compliance/assessments/{noise.pk}/assess/"
    refused = api(manager).post(url, {"status": "partial"}, format="json")
    assert refused.status_code == 400 and "gap_likelihood" in refused.json()
    done = api(manager).post(url, {"status": "partial", "gap_likelihood": 2, "gap_impact": 4}, format="json")
    assert done.status_code == 200
    assert (done.json()["gap_score"], done.json()["gap_level"], done.json()["gap_is_significant"]) == (
        8,
        "Élevé",
        True,
    )

"""Pages of the environmental analysis in French: detail, register with filters and Excel, matrix,
PDF, settings, and what a reader or a person of another site gets."""

from datetime import date
from io import BytesIO

import pytest
import typst
from django.urls import reverse
from openpyxl import load_workbook

from qsse.core.choices import Role
from qsse.environment import services

from .conftest import make_aspect

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_fr(client):
    client.cookies["django_language"] = "fr"
    return client


@pytest.fixture
def aspects(manager, activity):
    return [
        make_aspect(manager.user, activity),  # 24 significant (score), water, normal
        make_aspect(
            manager.user, activity, aspect="Copeaux", compartment="waste", severity=2, frequency=4, control=1
        ),  # 8
        make_aspect(
            manager.user,
            activity,
            aspect="Fuite bain",
            compartment="water",
            condition="emergency",
            severity=4,
            frequency=1,
            control=2,
        ),  # 8 emergency
    ]


def test_detail_shows_scores_and_reasons(client_fr, manager, analysis, aspects):
    client_fr.force_login(manager.user)
    text = client_fr.get(analysis.get_absolute_url()).content.decode()
    assert "Usinage CN" in text
    assert "Significatif" in text and "Non significatif" in text
    assert "Score au moins égal au seuil" in text
    assert "Situation d&#x27;urgence à partir du niveau de gravité" in text
    assert "<strong>2</strong> aspects significatifs sur 3" in text


def test_register_filters_and_excel(client_fr, manager, aspects):
    client_fr.force_login(manager.user)
    url = reverse("environment:aspect_list")
    text = client_fr.get(url, {"compartment": "water", "is_significant": "true"}).content.decode()
    assert "2 enregistrements" in text
    response = client_fr.get(url, {"compartment": "water", "export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Aspect environnemental"
    assert sorted(row[11] for row in rows[1:]) == [8, 24]


def test_summary_matrix_counts(client_fr, manager, analysis, aspects):
    client_fr.force_login(manager.user)
    text = client_fr.get(reverse("environment:analysis_summary", args=[analysis.pk])).content.decode()
    assert 'data-compartment="water" data-condition="normal">1 / 1' in text
    assert 'data-compartment="water" data-condition="emergency">1 / 1' in text
    assert 'data-compartment="waste" data-condition="normal">0 / 1' in text
    assert 'id="summary-total">2 / 3' in text
    assert "2 / 3" in client_fr.get(reverse("environment:summary")).content.decode()


def test_pdf_lists_every_aspect(client_fr, manager, analysis, aspects, tmp_path):
    client_fr.force_login(manager.user)
    response = client_fr.get(reverse("environment:analysis_pdf", args=[analysis.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"
    pdf = tmp_path / "analysis.pdf"
    pdf.write_bytes(response.content)
    from qsse.environment import report

    template = report.TEMPLATE
    scores = typst.query(
        str(template),
        "<score>",
        field="value",
        root=str(template.parent),
        sys_inputs={"data": __import__("json").dumps(report.pdf_data(analysis), default=str)},
    )
    assert sorted(__import__("json").loads(scores)) == [8, 8, 24]


def test_create_aspect_through_the_form(client_fr, manager, analysis, activity):
    client_fr.force_login(manager.user)
    url = reverse("environment:aspect_create", args=[analysis.pk])
    response = client_fr.post(
        url,
        {
            "activity": activity.pk,
            "aspect": "Vapeurs de solvant",
            "impact": "Pollution de l'air (COV)",
            "compartment": "air",
            "condition": "normal",
            "life_cycle_stage": "production",
            "control_type": "direct",
            "severity": 3,
            "frequency": 4,
            "control": 3,
        },
    )
    aspect = activity.aspects.get()
    assert response.status_code == 302 and response["Location"] == aspect.get_absolute_url()
    assert (aspect.score, aspect.is_significant) == (36, True)
    bad = client_fr.post(url, {"activity": activity.pk, "aspect": "", "severity": 9})
    assert bad.status_code == 200
    assert "Ce champ est obligatoire." in bad.content.decode()


def test_aspect_page_raises_an_action(client_fr, manager, aspects):
    client_fr.force_login(manager.user)
    aspect = aspects[0]
    response = client_fr.post(
        reverse("environment:aspect_action", args=[aspect.pk]),
        {
            "action-title": "Recycler les émulsions",
            "action-type": "preventive",
            "action-owner": manager.pk,
            "action-due_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    text = client_fr.get(aspect.get_absolute_url()).content.decode()
    assert "Recycler les émulsions" in text
    assert "son score 24 atteint le seuil 24" in text


def test_reader_sees_but_cannot_edit(client_fr, member, analysis, aspects):
    reader = member(Role.READER)
    client_fr.force_login(reader.user)
    assert client_fr.get(analysis.get_absolute_url()).status_code == 200
    assert client_fr.get(reverse("environment:aspect_create", args=[analysis.pk])).status_code == 403
    assert client_fr.post(reverse("environment:settings"), {"threshold": 3}).status_code == 403


def test_other_site_gets_404(client_fr, member, site_b, analysis, aspects):
    other = member(Role.CONTRIBUTOR, site=site_b)
    client_fr.force_login(other.user)
    assert client_fr.get(analysis.get_absolute_url()).status_code == 404
    assert client_fr.get(aspects[0].get_absolute_url()).status_code == 404
    assert "0 enregistrement" in client_fr.get(reverse("environment:aspect_list")).content.decode()


def test_settings_page_saves(client_fr, manager, aspects):
    client_fr.force_login(manager.user)
    data = {
        "method": "sfc",
        "severity_labels": "Faible\nMoyenne\nForte\nTrès forte",
        "frequency_labels": "Rare\nMensuelle\nHebdomadaire\nQuotidienne",
        "control_labels": "Maîtrisé\nPartiel\nFaible\nAucun",
        "threshold": 8,
        "emergency_min_severity": 3,
    }
    assert client_fr.post(reverse("environment:settings"), data).status_code == 302
    aspects[1].refresh_from_db()
    assert aspects[1].is_significant is True  # 8 ≥ 8
    assert services.current_settings().severity_labels[3] == "Très forte"


def test_approved_analysis_offers_a_new_version(client_fr, manager, analysis, aspects):
    client_fr.force_login(manager.user)
    client_fr.post(reverse("environment:analysis_approve", args=[analysis.pk]))
    response = client_fr.post(reverse("environment:analysis_new_version", args=[analysis.pk]))
    analysis.refresh_from_db()
    assert analysis.status == "approved"
    copy = analysis.next_version
    assert response["Location"] == copy.get_absolute_url()
    assert copy.version == 2 and copy.analysed_on == date.today()


def test_detail_query_count_is_constant(
    client_fr, manager, analysis, activity, django_assert_max_num_queries
):
    for index in range(15):
        make_aspect(manager.user, activity, aspect=f"Aspect {index}")
    client_fr.force_login(manager.user)
    with django_assert_max_num_queries(40):
        client_fr.get(analysis.get_absolute_url())

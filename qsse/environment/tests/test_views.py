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


def _cell(text, compartment, condition):
    """The content of one matrix cell, as the page writes it."""
    start = text.index(f'data-compartment="{compartment}" data-condition="{condition}">')
    return text[text.index(">", start) + 1 : text.index("</td>", start)]


def test_summary_matrix_counts(client_fr, manager, analysis, aspects):
    client_fr.force_login(manager.user)
    text = client_fr.get(reverse("environment:analysis_summary", args=[analysis.pk])).content.decode()
    register = reverse("environment:aspect_list")
    # water/normal: the 24 (significant); water/emergency: 8 at severity 4 (emergency rule); waste: 8.
    assert _cell(text, "water", "normal") == (
        f'<a href="{register}?analysis={analysis.pk}&amp;compartment=water&amp;condition=normal">1 / 1</a>'
    )
    assert ">1 / 1</a>" in _cell(text, "water", "emergency")
    assert ">0 / 1</a>" in _cell(text, "waste", "normal")
    assert "–" in _cell(text, "air", "normal")
    assert f'href="{register}?analysis={analysis.pk}&amp;compartment=water">2 / 2</a>' in text
    assert f'href="{register}?analysis={analysis.pk}&amp;condition=normal">1 / 2</a>' in text
    assert f'id="summary-total"><a href="{register}?analysis={analysis.pk}">2 / 3</a>' in text
    assert "2 / 3" in client_fr.get(reverse("environment:summary")).content.decode()
    # The link of a cell opens the register on exactly that cell's aspects.
    listed = client_fr.get(register, {"analysis": analysis.pk, "compartment": "water", "condition": "normal"})
    assert "1 enregistrement" in listed.content.decode()


def test_summary_counts_by_hand(manager, analysis, activity):
    """A small analysis worked by hand: the GROUP BY of the matrix and the per-activity counts."""
    from qsse.environment import selectors

    other = services.activity_create(user=manager.user, analysis=analysis, name="Peinture")
    make_aspect(manager.user, activity)  # water normal, 3×4×2 = 24 ≥ 24: significant
    make_aspect(
        manager.user, activity, aspect="Huile", compartment="soil", severity=1, frequency=1, control=1
    )
    make_aspect(
        manager.user, other, aspect="COV", compartment="air", severity=4, frequency=4, control=2
    )  # 32
    make_aspect(manager.user, other, aspect="Boues", compartment="water", severity=2, frequency=2, control=2)
    make_aspect(
        manager.user,
        other,
        aspect="Fuite",
        compartment="water",
        condition="emergency",
        severity=3,
        frequency=1,
    )  # 3×1×2 = 6 but emergency at severity 3: significant
    summary = selectors.summary(selectors.aspect_list(manager.user).filter(activity__analysis=analysis))
    cells = {
        (c.compartment, c.condition): (c.significant, c.total)
        for _l, line, _s, _t in summary.rows
        for c in line
    }
    assert cells[("water", "normal")] == (1, 2)
    assert cells[("water", "emergency")] == (1, 1)
    assert cells[("air", "normal")] == (1, 1)
    assert cells[("soil", "normal")] == (0, 1)
    assert sum(total for _s, total in cells.values()) == 5
    assert ("normal", 2, 4) in summary.column_totals and ("emergency", 1, 1) in summary.column_totals
    assert (summary.significant, summary.total) == (3, 5)
    counts = {
        a.name: (a.aspect_count, a.significant_count) for a in selectors.activities_with_counts(analysis)
    }
    assert counts == {"Usinage CN": (2, 1), "Peinture": (3, 2)}


def test_detail_lists_activity_counts_and_pages_aspects(client_fr, manager, analysis, activity):
    other = services.activity_create(user=manager.user, analysis=analysis, name="Peinture")
    for index in range(52):  # 52 aspects of 1×1×1 = 1, not significant
        make_aspect(manager.user, activity, aspect=f"Aspect {index:02d}", severity=1, frequency=1, control=1)
    make_aspect(
        manager.user, other, aspect="COV", compartment="air", severity=4, frequency=4, control=2
    )  # 32
    client_fr.force_login(manager.user)
    url = analysis.get_absolute_url()
    text = client_fr.get(url).content.decode()
    assert "<strong>1</strong> aspect significatif sur 53" in text
    assert f'href="?activity={activity.pk}#aspects">52<' in text
    assert f'href="?activity={other.pk}&amp;is_significant=true#aspects">1<' in text
    assert "53 aspects" in text and "Page 1 sur 2" in text
    assert text.count('class="aspect-row"') == 50
    assert text.index(">COV</a>") < text.index(">Aspect 00</a>")  # highest score first
    second = client_fr.get(url, {"page": 2}).content.decode()
    assert second.count('class="aspect-row"') == 3
    filtered = client_fr.get(url, {"activity": other.pk}).content.decode()
    assert "1 aspect (filtré)" in filtered and filtered.count('class="aspect-row"') == 1
    significant = client_fr.get(url, {"is_significant": "true", "text": "cov"}).content.decode()
    assert significant.count('class="aspect-row"') == 1 and ">COV</a>" in significant


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
    with django_assert_max_num_queries(40) as captured:
        client_fr.get(analysis.get_absolute_url())
    baseline = len(captured)
    for index in range(15):
        make_aspect(manager.user, activity, aspect=f"Autre {index}")
    with django_assert_max_num_queries(baseline):
        client_fr.get(analysis.get_absolute_url())

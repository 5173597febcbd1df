"""Pages: SWOT inline editing, matrix editor and preview, register list (query count, Excel),
record page and its treatment action, heat map, interested parties, summary; 403s."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from qsse.actions import selectors as action_selectors
from qsse.context import services
from qsse.context.models import ContextItem, CriticalityMatrix, RiskOpportunity
from qsse.core.choices import Role

from .factories import make_matrix, make_process, make_risk

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


@pytest.fixture
def swot(manager):
    return services.analysis_create(
        user=manager.user, kind="swot", title="SWOT 2026", analysed_on=date(2026, 1, 5)
    )


def test_swot_page_shows_four_quadrants_and_inline_add(client_manager, swot):
    page = client_manager.get(swot.get_absolute_url()).content.decode()
    for label in ("Forces", "Faiblesses", "Opportunités", "Menaces"):
        assert label in page
    response = client_manager.post(
        reverse("context:item_add", args=[swot.pk]),
        {"category": "weakness", "text": "Parc machines vieillissant", "importance": "3"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="block-weakness"' in html and "Parc machines vieillissant" in html and "Élevée" in html
    item = ContextItem.objects.get()
    assert (item.category, item.importance) == ("weakness", 3)
    response = client_manager.post(reverse("context:item_delete", args=[swot.pk, item.pk]), **HTMX)
    assert "Parc machines vieillissant" not in response.content.decode()
    assert not ContextItem.objects.exists()


def test_approved_swot_has_no_add_form_and_refuses_posts(client_manager, manager, swot):
    services.analysis_item_add(user=manager.user, analysis=swot, category="strength", text="Savoir-faire")
    client_manager.post(reverse("context:analysis_approve", args=[swot.pk]))
    page = client_manager.get(swot.get_absolute_url()).content.decode()
    assert "Ajouter à" not in page and "figée" in page
    response = client_manager.post(
        reverse("context:item_add", args=[swot.pk]),
        {"category": "weakness", "text": "X", "importance": "2"},
        **HTMX,
    )
    assert "approuvée et figée" in response.content.decode()
    assert ContextItem.objects.count() == 1
    response = client_manager.post(reverse("context:analysis_new_version", args=[swot.pk]))
    new = swot.next_version
    assert response.url == new.get_absolute_url() and new.version == 2
    assert "Aucune évolution" in client_manager.get(new.get_absolute_url()).content.decode()
    services.analysis_item_add(user=manager.user, analysis=new, category="threat", text="Pénurie de régleurs")
    page = client_manager.get(new.get_absolute_url()).content.decode()
    assert "Évolutions depuis la version 1" in page and "Menaces :</span> Pénurie de régleurs" in page


def test_pestel_page_has_six_columns(client_manager, manager):
    pestel = services.analysis_create(
        user=manager.user, kind="pestel", title="PESTEL", analysed_on=date(2026, 1, 5)
    )
    page = client_manager.get(pestel.get_absolute_url()).content.decode()
    assert page.count('class="card h-100 context-block') == 6


def test_matrix_editor_preview_and_save(client_manager, manager, process):
    data = {
        "name": "Probabilité × Gravité",
        "usage": "risks",
        "rows": "4",
        "cols": "4",
        "row_axis_name": "Probabilité",
        "col_axis_name": "Gravité",
        "row_labels": "Rare\nPossible\nProbable\nQuasi certain",
        "col_labels": "Mineure\nSignificative\nGrave\nCatastrophique",
        "level_1_name": "Faible",
        "level_1_min_score": "1",
        "level_1_colour": "#2e7d32",
        "level_2_name": "Modéré",
        "level_2_min_score": "4",
        "level_2_colour": "#ffc107",
        "level_3_name": "Élevé",
        "level_3_min_score": "8",
        "level_3_colour": "#fd7e14",
        "level_3_is_significant": "on",
        "level_4_name": "Critique",
        "level_4_min_score": "12",
        "level_4_colour": "#c62828",
        "level_4_is_significant": "on",
        "is_active": "on",
    }
    preview = client_manager.post(reverse("context:matrix_preview"), data, **HTMX)
    html = preview.content.decode()
    assert html.count("<td ") == 16 and "Quasi certain" in html
    bad = client_manager.post(reverse("context:matrix_preview"), {**data, "level_2_min_score": "20"}, **HTMX)
    assert "strictement croissants" in bad.content.decode()
    response = client_manager.post(reverse("context:matrix_create"), data)
    assert response.status_code == 302
    matrix = CriticalityMatrix.objects.get()
    assert matrix.is_active and list(matrix.levels.values_list("min_score", flat=True)) == [1, 4, 8, 12]
    assert matrix.row_labels[3] == "Quasi certain"
    page = client_manager.get(reverse("context:matrix_edit", args=[matrix.pk])).content.decode()
    assert 'value="Critique"' in page and "<td " in page
    assert "Cette matrice est active : l'enregistrer recalcule 0 enregistrement du registre" in page
    assert "Faible : 1–3" in page and "Critique : 12–16 ★ significatif" in page


def test_register_list_query_count_and_excel(
    client_manager, manager, process, matrix, site_a, django_assert_max_num_queries
):
    for index in range(12):
        make_risk(
            manager.user,
            process,
            probability=1 + index % 4,
            impact=1 + index % 3,
            site=site_a,
            title=f"Risque {index}",
        )
    url = reverse("context:risk_list")
    # Session, user, person, scope, count, page, filter choices…: constant whatever the number of rows.
    with django_assert_max_num_queries(10):
        response = client_manager.get(url)
    assert response.status_code == 200 and "Risque 11" in response.content.decode()
    response = client_manager.get(url, {"export": "xlsx", "probability": "4"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Référence" and len(rows) == 1 + 3  # indexes 3, 7, 11


def test_create_form_announces_the_treatment_action(client_manager, manager, process, matrix, site_a):
    response = client_manager.post(
        reverse("context:risk_create"),
        {
            "kind": "risk",
            "title": "Perte d'un client automobile",
            "process": process.pk,
            "site": site_a.pk,
            "owner": manager.pk,
            "source": "other",
            "probability": "3",
            "impact": "4",
        },
        follow=True,
    )
    record = RiskOpportunity.objects.get()
    assert (record.score, record.level.name) == (12, "Critique")
    page = response.content.decode()
    assert "action de traitement ACT-" in page
    assert "Perte d&#x27;un client automobile" in page
    assert action_selectors.origin_actions_summary(record)["total"] == 1


def test_record_page_creates_the_treatment_action(client_manager, manager, process, matrix):
    record = make_risk(manager.user, process, probability=2, impact=2)
    page = client_manager.get(record.get_absolute_url()).content.decode()
    assert "Créer l'action de traitement" in page and "Historique" in page
    response = client_manager.post(
        reverse("context:risk_treatment_action", args=[record.pk]),
        {"title": "Suivi hebdomadaire du bain", "owner": manager.pk, "due_on": "2026-12-31"},
        follow=True,
    )
    assert "Suivi hebdomadaire du bain" in response.content.decode()


def test_heat_map_counts_and_drill_down(client_manager, manager, process, matrix, site_a, site_b):
    make_risk(manager.user, process, probability=3, impact=3, site=site_a)
    make_risk(manager.user, process, probability=3, impact=3, site=site_b)
    make_risk(manager.user, process, probability=1, impact=2, kind="opportunity", title="IATF")
    response = client_manager.get(reverse("context:heat_map"))
    maps = {entry["map"].kind: entry for entry in response.context["maps"]}
    risk_cells = {
        (h.cell.probability, h.cell.impact): h.count for line in maps["risk"]["map"].grid for h in line
    }
    assert risk_cells[(3, 3)] == 2 and sum(risk_cells.values()) == 2
    assert maps["opportunity"]["map"].total == 1
    html = response.content.decode()
    assert "probability=3&amp;impact=3" in html
    filtered = client_manager.get(reverse("context:heat_map"), {"site": site_a.pk})
    # The site filter keeps that site's records (organisation-wide ones are not "of" Montluçon).
    assert {e["map"].kind: e["map"].total for e in filtered.context["maps"]} == {"risk": 1, "opportunity": 0}
    drill = client_manager.get(reverse("context:risk_list"), {"kind": "risk", "probability": 3, "impact": 3})
    assert drill.context["page_obj"].paginator.count == 2
    # After treatment: only the record rated residually, placed by its residual values.
    treated = RiskOpportunity.objects.filter(site=site_a).get()
    services.risk_opportunity_update(
        user=manager.user, record=treated, residual_probability=1, residual_impact=3, status="treated"
    )
    residual = client_manager.get(reverse("context:heat_map"), {"basis": "residual"})
    risk_map = next(e["map"] for e in residual.context["maps"] if e["map"].kind == "risk")
    assert risk_map.total == 1 and risk_map.grid[3][2].count == 1  # bottom row: residual probability 1
    assert "residual_probability=1&amp;residual_impact=3" in residual.content.decode()


def test_parties_list_grid_and_summary(client_manager, manager, process):
    services.party_create(
        user=manager.user, name="Auto-Systèmes", category="customers", influence=4, interest=4
    )
    services.party_create(user=manager.user, name="Riverains", category="community", influence=1, interest=3)
    page = client_manager.get(reverse("context:party_list")).content.decode()
    assert "Auto-Systèmes" in page and "Gérer de près" in page
    grid = client_manager.get(reverse("context:party_grid"))
    assert [p.name for p in grid.context["boxes"][0][1][1]] == ["Auto-Systèmes"]
    assert [p.name for p in grid.context["boxes"][1][1][1]] == ["Riverains"]
    response = client_manager.post(
        reverse("context:summary_edit"), {"text": "ICPE soumise à déclaration", "iso_9001": "on"}
    )
    assert response.status_code == 302
    assert "ICPE soumise à déclaration" in client_manager.get(reverse("context:summary")).content.decode()


def test_reader_gets_403_on_writes(client, member, manager, process, matrix, swot):
    record = make_risk(manager.user, process)
    reader = member(Role.READER, username="reader")
    client.force_login(reader.user)
    assert client.get(reverse("context:risk_list")).status_code == 200
    assert client.get(record.get_absolute_url()).status_code == 200
    for url in (
        reverse("context:risk_create"),
        reverse("context:risk_edit", args=[record.pk]),
        reverse("context:analysis_create"),
        reverse("context:party_create"),
        reverse("context:matrix_create"),
        reverse("context:matrix_edit", args=[matrix.pk]),
        reverse("context:summary_edit"),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("context:item_add", args=[swot.pk]), {"category": "strength", "text": "X"}
        ).status_code
        == 403
    )
    assert client.post(reverse("context:risk_treatment_action", args=[record.pk]), {}).status_code == 403
    assert client.post(reverse("context:matrix_activate", args=[matrix.pk])).status_code == 403
    assert not ContextItem.objects.exists()


def test_site_scoped_user_sees_only_their_site(client, member, manager, matrix, site_a, site_b):
    process = make_process(manager.user)
    mine = make_risk(manager.user, process, site=site_a, title="Montluçon")
    other = make_risk(manager.user, process, site=site_b, title="Moulins")
    shared = make_risk(manager.user, process, title="Organisation")
    scoped = member(Role.CONTRIBUTOR, site=site_a, username="scoped")
    client.force_login(scoped.user)
    response = client.get(reverse("context:risk_list"))
    shown = {row.pk for row, _ in response.context["rows"]}
    assert shown == {mine.pk, shared.pk}
    assert client.get(other.get_absolute_url()).status_code == 404
    heat = client.get(reverse("context:heat_map"))
    assert {e["map"].kind: e["map"].total for e in heat.context["maps"]}["risk"] == 2


def test_matrix_page_without_matrix_redirects_creation(client_manager, process):
    response = client_manager.get(reverse("context:risk_create"))
    assert response.status_code == 302 and response.url == reverse("context:matrix_list")
    assert make_matrix  # the editor is the way to create one


def test_dashboard_widget_and_search(client_manager, manager, process, matrix, rf):
    from django.template.loader import render_to_string

    from qsse.context.integrations import dashboard_widget, search

    make_risk(manager.user, process, probability=4, impact=4, title="Perte client")
    make_risk(manager.user, process, probability=3, impact=3, title="Dérive bain")
    make_risk(manager.user, process, probability=1, impact=1, title="Mineur")
    make_risk(manager.user, process, probability=4, impact=2, title="IATF", kind="opportunity")
    request = rf.get("/")
    request.user = manager.user
    template, context = dashboard_widget(request)
    assert [(line["name"], line["count"]) for line in context["lines"]] == [("Critique", 1), ("Élevé", 1)]
    with translation.override("fr"):
        html = render_to_string(template, context, request=request)
    assert "Risques significatifs" in html and "2 risques significatifs non clos" in html
    assert "1 opportunité significative en cours" in html
    assert [result.title for result in search(manager.user, "Dérive", 5)] == ["Dérive bain"]


def test_reader_sees_parties_read_only(client, member, manager):
    party = services.party_create(user=manager.user, name="CSE", category="unions")
    reader = member(Role.READER, username="reader")
    client.force_login(reader.user)
    page = client.get(reverse("context:party_edit", args=[party.pk])).content.decode()
    assert "disabled" in page and "Enregistrer" not in page
    assert client.post(reverse("context:party_edit", args=[party.pk]), {"name": "X"}).status_code == 403
    assert client.get(reverse("context:analysis_list")).status_code == 200
    assert client.get(reverse("context:summary")).status_code == 200
    assert client.get(reverse("context:matrix_list")).status_code == 200


def test_party_list_and_heat_map_query_counts(
    client_manager, manager, process, matrix, django_assert_max_num_queries
):
    for index in range(15):
        party = services.party_create(
            user=manager.user, name=f"Partie {index}", category="customers", processes=[process]
        )
        make_risk(
            manager.user,
            process,
            probability=1 + index % 4,
            impact=1 + index % 4,
            source_party=party,
            source="interested_party",
        )
    with django_assert_max_num_queries(9):  # the processes of the 15 parties in one prefetch query
        response = client_manager.get(reverse("context:party_list"))
    assert "Partie 14" in response.content.decode()
    with django_assert_max_num_queries(9):
        client_manager.get(reverse("context:heat_map"))

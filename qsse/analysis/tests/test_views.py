"""Pages of the analysis toolbox: what the user sees."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qsse.analysis import services
from qsse.analysis.models import Analysis, Dataset, DecisionStudy
from qsse.core.choices import Role

from .factories import csv_file, series_with_outlier_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def client(manager):
    client = Client()
    client.force_login(manager.user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_dataset_list_and_upload(client):
    response = client.get(reverse("analysis:dataset_list"))
    assert response.status_code == 200
    assert "Importer un fichier" in text(response)
    response = client.post(
        reverse("analysis:dataset_upload"), {"name": "Réclamations", "file": csv_file()}, follow=True
    )
    assert response.status_code == 200
    dataset = Dataset.objects.get()
    assert response.redirect_chain[-1][0] == dataset.get_absolute_url()
    page = text(response)
    assert "Coût" in page and "Rayure" in page  # column summary and preview


def test_upload_error_is_shown_on_the_form(client):
    response = client.post(reverse("analysis:dataset_upload"), {"name": "X", "file": csv_file("a;a\n1;2\n")})
    assert response.status_code == 200
    assert "Le nom de colonne « a » apparaît deux fois" in text(response)
    assert Dataset.objects.count() == 0


def test_dataset_list_query_count(client, manager, django_assert_max_num_queries):
    for n in range(5):
        upload(manager.user, name=f"Jeu {n}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("analysis:dataset_list"))
    assert response.status_code == 200


def test_pareto_page_and_htmx_result(client, manager):
    dataset = upload(manager.user)
    url = reverse("analysis:tool_run", args=[dataset.pk, "pareto"])
    assert client.get(url).status_code == 200
    response = client.get(url, {"run": "1", "category": "Catégorie"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert 'id="tool-area"' in page and "<html" not in page
    first_row = re.search(r'id="pareto-table".*?<tbody>(.*?)</tr>', page).group(1)
    assert "Rayure" in first_row and "50,0 %" in first_row
    assert 'data-chart-options="pareto-chart"' in page


def test_pivot_page_and_excel_export(client, manager):
    dataset = upload(manager.user)
    params = {"run": "1", "row_1": "Catégorie", "column": "Site", "aggregation": "sum", "measure": "Coût"}
    response = client.get(reverse("analysis:tool_run", args=[dataset.pk, "pivot"]), params)
    assert response.status_code == 200
    assert "250,5" in text(response) and "670,5" in text(response)
    export = client.get(reverse("analysis:pivot_export", args=[dataset.pk]), params)
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Catégorie", "MOU", "MTL", "Total")
    assert ("Rayure", 80, 170.5, 250.5) in rows
    assert rows[-1][-1] == 670.5


def test_descriptive_and_capability_pages(client, manager):
    dataset = upload(manager.user, series_with_outlier_csv(count=30, outlier_at=99), name="Série")
    response = client.get(
        reverse("analysis:tool_run", args=[dataset.pk, "descriptive"]), {"run": "1", "column": "Valeur"}
    )
    assert response.status_code == 200 and 'id="descriptive-table"' in text(response)
    response = client.get(
        reverse("analysis:tool_run", args=[dataset.pk, "capability"]),
        {"run": "1", "column": "Valeur", "lsl": "9", "usl": "11"},
    )
    page = text(response)
    assert 'id="capability-table"' in page and "Cpk" in page


def test_control_chart_page_lists_the_violation(client, manager):
    dataset = upload(manager.user, series_with_outlier_csv(outlier_at=20), name="Série")
    response = client.get(
        reverse("analysis:tool_run", args=[dataset.pk, "control-chart"]),
        {"run": "1", "chart": "i_mr", "column": "Valeur", "label": "Mesure", "rules": ["1"]},
    )
    page = text(response)
    row = re.search(r'id="violations-table".*?<tbody>\s*<tr>(.*?)</tr>', page).group(1)
    assert "<td>20</td>" in row and "Règle 1" in row


def test_text_column_error_is_shown(client, manager):
    dataset = upload(manager.user, "Cat;Coût\nA;1\nB;abc\n", name="X")
    response = client.get(
        reverse("analysis:tool_run", args=[dataset.pk, "descriptive"]), {"run": "1", "column": "Coût"}
    )
    assert "Ligne 3, colonne « Coût » : « abc » n’est pas un nombre." in text(response) or "abc" in text(
        response
    )


def test_save_reopen_and_raise_an_action(client, manager):
    dataset = upload(manager.user)
    response = client.post(
        reverse("analysis:analysis_save", args=[dataset.pk, "pareto"]),
        {
            "title": "Pareto des réclamations",
            "parameters": '{"category": "Catégorie"}',
            "related_reference": "REC-1",
        },
    )
    analysis = Analysis.objects.get()
    assert response.status_code == 302 and response["Location"] == analysis.get_absolute_url()
    page = text(client.get(analysis.get_absolute_url()))
    assert "Pareto des réclamations" in page and 'id="pareto-table"' in page
    response = client.post(
        reverse("analysis:analysis_create_action", args=[analysis.pk]),
        {
            "title": "Traiter les rayures",
            "owner": manager.pk,
            "due_on": (timezone.localdate() + timedelta(days=9)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert "Traiter les rayures" in text(client.get(analysis.get_absolute_url()))


def test_decision_matrix_grid(client):
    post = {
        "title": "Rayures sur carters",
        "criterion_name_0": "Efficacité",
        "criterion_weight_0": "5",
        "criterion_name_1": "Coût",
        "criterion_weight_1": "3",
        "option_name_0": "Intercalaires",
        "score_0_0": "3",
        "score_0_1": "4",
        "option_name_1": "Bacs neufs",
        "score_1_0": "5",
        "score_1_1": "2",
    }
    response = client.post(reverse("analysis:decision_create", args=["matrix"]), post)
    study = DecisionStudy.objects.get()
    assert response.status_code == 302
    page = text(client.get(study.get_absolute_url()))
    ranking = re.search(r'id="ranking-table".*?<tbody>(.*?)</tbody>', page).group(1)
    # Bacs neufs 5×5 + 3×2 = 31 first, Intercalaires 5×3 + 3×4 = 27.
    assert ranking.index("Bacs neufs") < ranking.index("Intercalaires")
    assert "31" in ranking and "27" in ranking
    assert client.get(reverse("analysis:decision_edit", args=[study.pk])).status_code == 200


def test_decision_tools_pages(client):
    response = client.post(
        reverse("analysis:decision_create", args=["relations"]),
        {
            "title": "Rayures",
            "items": "Bacs usés\nRayures\nRetours",
            "links": "Bacs usés -> Rayures\nRayures -> Retours",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("analysis:decision_create", args=["tree"]),
        {"title": "Zéro rayure", "goal": "Zéro rayure", "outline": "Protéger\n  Intercalaires\nFormer"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("analysis:decision_create", args=["cost_benefit"]),
        {
            "title": "ROI",
            "dysfunction_cost_per_year": "40000",
            "expected_reduction": "75",
            "investment": "12000",
            "years": "3",
        },
    )
    assert response.status_code == 302
    for study in DecisionStudy.objects.all():
        assert client.get(study.get_absolute_url()).status_code == 200
    cost_benefit = DecisionStudy.objects.get(kind="cost_benefit")
    assert cost_benefit.data["expected_reduction"] == 0.75
    assert client.get(reverse("analysis:decision_list")).status_code == 200


def test_other_pages(client, manager):
    dataset = upload(manager.user)
    services.analysis_save(
        user=manager.user, dataset=dataset, tool="pivot", title="TCD", parameters={"rows": ["Site"]}
    )
    for name in ("analysis_list", "tool_pick_pivot", "tool_pick_pareto", "tool_pick_control_chart"):
        assert client.get(reverse(f"analysis:{name}")).status_code == 200
    assert client.get(reverse("analysis:dataset_delete", args=[dataset.pk])).status_code == 200
    assert client.post(reverse("analysis:dataset_delete", args=[dataset.pk])).status_code == 302
    assert Dataset.objects.count() == 0


def test_global_search_finds_the_analyses_of_a_record(client, manager):
    dataset = upload(manager.user)
    services.analysis_save(
        user=manager.user,
        dataset=dataset,
        tool="pareto",
        title="Pareto des rayures",
        parameters={"category": "Catégorie"},
        related_reference="REC-2026-0042",
    )
    page = text(client.get(reverse("core:search"), {"q": "REC-2026-0042"}))
    assert "Pareto des rayures" in page


def test_list_pages_query_counts(client, manager, django_assert_max_num_queries):
    dataset = upload(manager.user)
    for n in range(4):
        services.analysis_save(
            user=manager.user, dataset=dataset, tool="pareto", title=f"P{n}", parameters={"category": "Site"}
        )
        services.decision_study_create(
            user=manager.user, kind="tree", title=f"A{n}", data={"goal": "But", "children": [{"name": "M"}]}
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("analysis:analysis_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("analysis:decision_list")).status_code == 200


def test_dataset_edit(client, manager, member):
    dataset = upload(manager.user)
    response = client.post(
        reverse("analysis:dataset_edit", args=[dataset.pk]),
        {"name": "Réclamations T1", "description": "Export"},
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert (dataset.name, dataset.description) == ("Réclamations T1", "Export")
    reader = member(Role.READER, username="reader")
    other = Client()
    other.force_login(reader.user)
    assert other.get(reverse("analysis:dataset_edit", args=[dataset.pk])).status_code == 403

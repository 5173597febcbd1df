"""Writes of the analysis app: datasets stored whole or not at all, saved analyses, decision studies."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from qsse.analysis import services
from qsse.analysis.models import Analysis, Dataset, DecisionStudy
from qsse.analysis.tools import run_tool
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.nonconformities import services as nc_services

from .factories import csv_file, series_with_outlier_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


def test_upload_writes_parquet_schema_and_event(manager, settings):
    dataset = upload(manager.user)
    assert dataset.row_count == 6
    assert dataset.columns == [
        {"name": "Catégorie", "type": "text"},
        {"name": "Site", "type": "text"},
        {"name": "Coût", "type": "number"},
    ]
    assert dataset.parquet_file.name.startswith("analysis/datasets/")
    frame = pl.read_parquet(dataset.parquet_file.path)
    assert frame["Coût"].sum() == 670.5
    assert dataset.original_name == "reclamations.csv"
    assert BusinessEvent.objects.filter(object_id=dataset.pk, verb="Dataset created").exists()


def test_failed_upload_leaves_nothing(manager, settings):
    with pytest.raises(ValidationError):
        services.dataset_upload(user=manager.user, file=csv_file("a;a\n1;2\n"), name="Doublons")
    assert Dataset.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_upload_needs_a_name(manager):
    with pytest.raises(ValidationError) as error:
        services.dataset_upload(user=manager.user, file=csv_file(), name="  ")
    assert error.value.message_dict == {"name": ["Give the dataset a name."]}


def test_reader_cannot_upload(member):
    reader = member(Role.READER, username="reader")
    with pytest.raises(PermissionDenied):
        upload(reader.user)


def test_site_scoped_user_publishes_on_their_site(member, site_a):
    contributor = member(Role.CONTRIBUTOR, username="contributor", site=site_a)
    dataset = upload(contributor.user)
    assert dataset.site == site_a


def test_dataset_from_nonconformities_is_scoped_to_the_user(member, site_a, site_b):
    manager = member(Role.QSSE_MANAGER, username="boss", all_sites=True)
    for site, category, cost in ((site_a, "product", 100), (site_a, "process", 50), (site_b, "product", 70)):
        nc_services.nonconformity_create(
            user=manager.user,
            kind="nonconformity",
            title="Rayures",
            site=site,
            category=category,
            detected_on=date(2026, 3, 2),
            cost_of_nonquality=cost,
        )
    local = member(Role.QSSE_MANAGER, username="local", site=site_a)
    dataset = services.dataset_from_source(user=local.user, source_key="nonconformities")
    assert dataset.row_count == 2
    assert dataset.site == site_a
    frame = pl.read_parquet(dataset.parquet_file.path)
    assert sorted(frame["Category"].to_list()) == ["Process", "Product"]
    assert frame["Cost (€)"].sum() == 150
    everything = services.dataset_from_source(user=manager.user, source_key="nonconformities", name="Toutes")
    assert everything.row_count == 3 and everything.site is None
    result = run_tool(everything, "pareto", {"category": "Category"})
    assert [(i.label, i.value) for i in result.pareto.items] == [("Product", 2), ("Process", 1)]


def test_unknown_source(manager):
    with pytest.raises(ValidationError):
        services.dataset_from_source(user=manager.user, source_key="nope")


def test_analysis_save_checks_the_parameters(manager):
    dataset = upload(manager.user)
    with pytest.raises(ValidationError):
        services.analysis_save(
            user=manager.user, dataset=dataset, tool="pareto", title="Pareto", parameters={"category": "Nope"}
        )
    analysis = services.analysis_save(
        user=manager.user,
        dataset=dataset,
        tool="pareto",
        title="Pareto des réclamations",
        parameters={"category": "Catégorie", "measure": "Coût"},
        related_reference="NC-2026-0001",
    )
    assert Analysis.objects.get() == analysis
    result = run_tool(dataset, analysis.tool, analysis.parameters)
    # Cote hors tolérance 400, Rayure 250.5, Emballage 20.
    assert [(i.label, i.value) for i in result.pareto.items] == [
        ("Cote hors tolérance", 400),
        ("Rayure", 250.5),
        ("Emballage", 20),
    ]


def test_action_from_an_analysis(manager):
    dataset = upload(manager.user)
    analysis = services.analysis_save(
        user=manager.user,
        dataset=dataset,
        tool="pareto",
        title="Pareto",
        parameters={"category": "Catégorie"},
    )
    action = services.analysis_create_action(
        user=manager.user,
        analysis=analysis,
        title="Traiter les rayures",
        owner=manager,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    assert action.origin == analysis
    assert BusinessEvent.objects.filter(object_id=analysis.pk, verb="Action created").exists()


def test_control_chart_flags_the_outlier(manager):
    dataset = upload(manager.user, series_with_outlier_csv(outlier_at=20), name="Série")
    result = run_tool(dataset, "control_chart", {"chart": "i_mr", "column": "Valeur", "label": "Mesure"})
    rule_one = [v for v in result.violations if v.chart == "I" and v.rule == 1]
    assert [(v.index, v.label, v.value) for v in rule_one] == [(19, "20", 14.0)]
    assert rule_one[0].description == "One point beyond 3 sigma from the centre line"


def test_capability_result(manager):
    dataset = upload(manager.user, series_with_outlier_csv(count=40, outlier_at=99), name="Série")
    result = run_tool(dataset, "capability", {"column": "Valeur", "lsl": 9, "usl": 11})
    capability = result.capability
    assert capability.n == 40
    assert capability.cp > 1  # values within ±0.3 of 10, tolerance ±1
    assert capability.cp_interval[0] < capability.cp < capability.cp_interval[1]
    with pytest.raises(ValidationError):
        run_tool(dataset, "capability", {"column": "Valeur"})


def test_decision_matrix(manager):
    study = services.decision_study_create(
        user=manager.user,
        kind="matrix",
        title="Choix",
        data={
            "criteria": [{"name": "Coût", "weight": 3}, {"name": "Efficacité", "weight": 5}],
            "options": [
                {"name": "Intercalaires", "scores": [4, 3]},
                {"name": "Bacs neufs", "scores": [2, 5]},
                {"name": "", "scores": []},
            ],
        },
    )
    assert len(study.data["options"]) == 2
    from qsse.analysis.decisions import matrix_ranking

    # Intercalaires 3×4 + 5×3 = 27; Bacs neufs 3×2 + 5×5 = 31.
    assert [(row.option, row.weighted_total, row.rank) for row in matrix_ranking(study.data)] == [
        ("Bacs neufs", 31, 1),
        ("Intercalaires", 27, 2),
    ]


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("matrix", {"criteria": [], "options": []}, "Give at least one criterion with its weight."),
        (
            "matrix",
            {
                "criteria": [{"name": "A", "weight": 1}],
                "options": [{"name": "X", "scores": [7]}, {"name": "Y", "scores": [1]}],
            },
            "“X / A” must lie between 1 and 5.",
        ),
        (
            "relations",
            {"items": ["A", "B"], "links": [{"cause": "A", "effect": "C"}]},
            "“C” is used in a link",
        ),
        ("tree", {"goal": "", "children": []}, "State the goal at the root of the tree."),
        ("cost_benefit", {"dysfunction_cost_per_year": "x"}, "must be a number"),
    ],
)
def test_decision_study_validation(manager, kind, data, message):
    with pytest.raises(ValidationError) as error:
        services.decision_study_create(user=manager.user, kind=kind, title="Étude", data=data)
    assert message in error.value.messages[0]
    assert DecisionStudy.objects.count() == 0


def test_relations_and_tree(manager):
    from qsse.analysis.decisions import relations_summary, tree_from_outline

    study = services.decision_study_create(
        user=manager.user,
        kind="relations",
        title="Rayures",
        data={
            "items": ["Bacs usés", "Manutention", "Rayures", "Retours client"],
            "links": [
                {"cause": "Bacs usés", "effect": "Rayures"},
                {"cause": "Bacs usés", "effect": "Manutention"},
                {"cause": "Manutention", "effect": "Rayures"},
                {"cause": "Rayures", "effect": "Retours client"},
            ],
        },
    )
    summary = {item.name: (item.outgoing, item.incoming, item.role) for item in relations_summary(study.data)}
    assert summary == {
        "Bacs usés": (2, 0, "driver"),
        "Manutention": (1, 1, ""),
        "Rayures": (1, 2, "outcome"),
        "Retours client": (0, 1, ""),
    }
    tree = tree_from_outline("Zéro rayure", "Protéger les pièces\n  Intercalaires\n  Bacs neufs\nFormer\n")
    assert tree == {
        "goal": "Zéro rayure",
        "children": [
            {
                "name": "Protéger les pièces",
                "children": [
                    {"name": "Intercalaires", "children": []},
                    {"name": "Bacs neufs", "children": []},
                ],
            },
            {"name": "Former", "children": []},
        ],
    }


def test_delete_dataset_removes_its_files(manager):
    dataset = upload(manager.user)
    path = Path(dataset.parquet_file.path)
    services.dataset_delete(user=manager.user, dataset=dataset)
    assert not path.exists()
    assert Dataset.objects.count() == 0


ATTRIBUTES_CSV = "Jour;Contrôlées;Défectueuses;Défauts\n" + "".join(
    f"{day};{size};{defective};{defects}\n"
    for day, size, defective, defects in [
        (1, 100, 4, 6),
        (2, 100, 3, 5),
        (3, 100, 5, 7),
        (4, 100, 2, 3),
        (5, 100, 4, 4),
        (6, 100, 3, 6),
        (7, 100, 15, 20),
        (8, 100, 4, 5),
    ]
)


@pytest.mark.parametrize(
    ("parameters", "kind"),
    [
        ({"chart": "p", "column": "Défectueuses", "size_column": "Contrôlées"}, "p"),
        ({"chart": "np", "column": "Défectueuses", "size": 100}, "np"),
        ({"chart": "c", "column": "Défauts"}, "c"),
        ({"chart": "u", "column": "Défauts", "size_column": "Contrôlées"}, "u"),
    ],
)
def test_attribute_charts_flag_the_bad_day(manager, parameters, kind):
    dataset = upload(manager.user, ATTRIBUTES_CSV, name="Contrôle final")
    result = run_tool(dataset, "control_chart", {**parameters, "label": "Jour", "rules": [1]})
    assert result.chart.kind == kind
    assert [(v.rule, v.label) for v in result.violations] == [(1, "7")]


def test_xbar_s_chart_by_fixed_size(manager):
    dataset = upload(manager.user, series_with_outlier_csv(count=40, outlier_at=99), name="Série")
    result = run_tool(dataset, "control_chart", {"chart": "xbar_s", "column": "Valeur", "size": 4})
    assert (result.chart.kind, result.chart.secondary.kind, len(result.chart.points)) == ("Xbar", "S", 10)


def test_large_series_is_sampled_for_drawing_only(manager):
    lines = ["Valeur"] + [str(10 + (n % 7) * 0.01) for n in range(6000)] + ["25"]
    dataset = upload(manager.user, "\n".join(lines), name="Longue série")
    result = run_tool(dataset, "control_chart", {"chart": "i_mr", "column": "Valeur", "rules": [1]})
    assert len(result.chart.points) == 6001 and result.sampled
    _chart_id, options = result.charts[0]
    drawn = options["series"][0]["data"]
    assert len(drawn) <= 5001 and drawn[-1] == 25  # the out-of-control last point is always drawn


def test_moving_range_violations_are_labelled_with_the_second_value_of_their_pair(manager):
    # MR point k is |x(k+1) − x(k)|: the jump to the outlier (value 20) and back from it are the
    # ranges ending at values 20 and 21, never the range ending at value 19.
    dataset = upload(manager.user, series_with_outlier_csv(outlier_at=20), name="Série")
    result = run_tool(dataset, "control_chart", {"chart": "i_mr", "column": "Valeur", "label": "Mesure"})
    mr_rule_one = [v for v in result.violations if v.chart == "MR" and v.rule == 1]
    assert [(v.index, v.label) for v in mr_rule_one] == [(18, "20"), (19, "21")]

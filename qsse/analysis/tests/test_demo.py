"""The demo's analyses tell MBP's story: the insert wear on the CNC lathe shows on the X̄-R chart after
subgroup 30 and lowers the long-term capability; the complaints' Pareto names the vital few."""

from __future__ import annotations

from datetime import date

import pytest

from qsse.analysis import services
from qsse.analysis.models import Analysis, Dataset, DecisionStudy
from qsse.analysis.tools import run_tool
from qsse.demo.analysis import DRIFT_FROM, bore_diameters_csv

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _demo_media_root(settings, demo_media):
    """The Parquet files of the demo (seeded once for the run) live in one folder for every test."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture
def demo(demo_company):
    """The demo company, seeded once for the run (see the root conftest)."""
    return demo_company


@pytest.fixture
def db_access(demo, db):
    return demo


def test_counts(db_access):
    assert db_access.modules["datasets"] == Dataset.objects.count() == 2
    assert db_access.modules["saved analyses"] == Analysis.objects.count() == 5
    assert db_access.modules["decision studies"] == DecisionStudy.objects.count() == 4


def test_xbar_r_chart_catches_the_drift(db_access):
    analysis = Analysis.objects.get(tool="control_chart")
    result = run_tool(analysis.dataset, analysis.tool, analysis.parameters)
    assert result.chart.kind == "Xbar" and len(result.chart.points) == 40
    flagged = {v.index for v in result.violations if v.chart == "Xbar"}
    assert flagged and min(flagged) >= DRIFT_FROM  # nothing before the wear starts
    assert any(v.rule == 1 for v in result.violations)


def test_capability_drops_in_the_long_term(db_access):
    analysis = Analysis.objects.get(tool="capability")
    capability = run_tool(analysis.dataset, analysis.tool, analysis.parameters).capability
    assert capability.n == 200
    assert capability.cpk > 1.67 > capability.ppk > 1.0


def test_complaints_pareto(db_access):
    analysis = Analysis.objects.get(tool="pareto")
    result = run_tool(analysis.dataset, analysis.tool, analysis.parameters)
    assert result.pareto.items[0].is_vital_few
    assert result.pareto.total == sum(item.value for item in result.pareto.items)


def test_indicator_measurements_source(db_access):
    from qsse.core.registry import analysis_sources

    assert "indicators.measurements" in analysis_sources  # registered by the indicators app
    user = Dataset.objects.first().uploaded_by
    dataset = services.dataset_from_source(user=user, source_key="indicators.measurements")
    assert dataset.row_count > 0


def test_the_export_is_french_excel_csv():
    text = bore_diameters_csv(date(2026, 11, 13))
    assert text.splitlines()[0] == "Sous-groupe;Date;Heure;Machine;Opérateur;Diamètre alésage (mm)"
    assert text.count("\n") == 201 and ",0" in text.splitlines()[1].split(";")[-1][:4] + ",0"

"""The benchmark's report (per-page targets, the comparison with plain code) and its plain SQL
version of the dashboard, which must read exactly the values the dashboard's cards show."""

import argparse
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from qsse.core.choices import Role
from qsse.demo.bench import (
    DASHBOARD_TARGET_MS,
    TARGET_P95_MS,
    _comparison,
    dashboard_sql,
    duration,
    percentile,
    render_report,
)
from qsse.indicators import selectors, services
from qsse.indicators.bulk import seed_bulk_measurements

TODAY = date(2026, 11, 25)


def _page(label, p95, target, queries=4):
    return {
        "label": label,
        "url": "/x/",
        "htmx": False,
        "target_ms": target,
        "p50_ms": p95 - 10,
        "p95_ms": p95,
        "max_ms": p95 + 5,
        "queries": queries,
        "slowest_query_ms": 1.0,
        "slowest_query": "SELECT 1",
        "requests": 20,
    }


def _args():
    return argparse.Namespace(
        nonconformities=5000,
        actions=15000,
        measurements=20000,
        fmea_lines=500,
        upload_rows=10000,
        compliance_requirements=500,
        compliance_sites=10,
        requests=20,
    )


def _result():
    return {
        "vendor": "sqlite",
        "version": "SQLite 3.40.1",
        "migrate_s": 1.0,
        "seed_demo_s": 2.0,
        "seed_measurements_s": 3.0,
        "seed_fmea_s": 0.5,
        "seed_bulk_s": 4.0,
        "make_file_s": 0.2,
        "upload_mb": 0.6,
        "upload_s": 0.3,
        "read_and_type_s": 0.1,
        "load_before": 1.0,
        "load_after": 1.1,
        "rows": {
            "nonconformities": 5292,
            "actions": 15530,
            "measurements": 20100,
            "indicators": 320,
            "fmea_lines": 500,
            "dataset_rows": 10000,
        },
        "compliance": {
            "requirements": 500,
            "sites": 10,
            "assessments": 6000,
            "file_mb": 0.2,
            "import_s": 10.4,  # over the 10 s target: listed as missed
            "update_import_s": 2.5,
            "update_added": 100,
            "update_modified": 25,
            "update_repealed": 10,
            "flagged": 350,
        },
        "pages": [
            _page("Dashboard", 180.0, DASHBOARD_TARGET_MS),  # under 200 ms: met
            _page("NC list", 160.0, TARGET_P95_MS),  # over 150 ms: missed
            _page("Pareto", 1999.0, 2000),  # just under 2 s: met
        ],
        "comparisons": [
            _comparison("Dashboard", "page p95", 120.0, "one SQL statement", 4.0),
            _comparison("Pareto", "page p95", 1500.0, "plain Polars", 600.0),
        ],
    }


def test_percentile_nearest_rank():
    # 20 samples 1…20: the 95th percentile is the 19th (ceil(0.95 × 20)), the median the 10th.
    samples = [float(n) for n in range(20, 0, -1)]
    assert percentile(samples, 0.95) == 19.0
    assert percentile(samples, 0.5) == 10.0


def test_comparison_ratio_and_duration():
    assert _comparison("x", "page p95", 120.0, "sql", 4.0)["ratio"] == 30.0  # 120 / 4
    assert _comparison("x", "page p95", 1500.0, "polars", 600.0)["ratio"] == 2.5  # 1500 / 600
    assert _comparison("x", "page p95", 5.0, "sql", 0.0)["ratio"] is None
    assert duration(123.45) == "123.5 ms"
    assert duration(1500.0) == "1.50 s"


def test_report_uses_each_page_target():
    report = render_report([_result()], ["PostgreSQL (--skip-postgres given)"], _args())
    assert (
        "| Page | SQLite p50 (ms) | SQLite p95 (ms) | SQLite queries | Target p95 (ms) | Target met |"
        in report
    )
    assert "| Dashboard | 170.0 | 180.0 | 4 | 200 | yes |" in report
    assert "| NC list | 150.0 | 160.0 | 4 | 150 | **no** |" in report
    assert "| Pareto | 1989.0 | 1999.0 | 4 | 2000 | yes |" in report
    over = report.split("## Pages over the target", 1)[1].split("##", 1)[0]
    assert "- NC list on SQLite 3.40.1 (p95 160.0 ms, target 150 ms)" in over
    assert "Dashboard" not in over and "Pareto" not in over
    compared = report.split("## Compared with plain code", 1)[1].split("## Slowest", 1)[0]
    assert "| Dashboard | page p95 | 120.0 ms | one SQL statement | 4.0 ms | 30 |" in compared
    assert "| Pareto | page p95 | 1.50 s | plain Polars | 600.0 ms | 2.5 |" in compared
    assert (
        "20,000 indicator measurements, a 500-line FMEA, a 10,000-row uploaded file and a library of 500 "
        "requirements assessed for 10 sites" in report
    )
    assert (
        "500 requirements × 10 sites = 6,000 assessments; library file 0.2 MB imported in **10.4 s** "
        "(target < 10 s); version 2 (100 new, 25 modified, 10 repealed, 350 assessments flagged to redo) "
        "in 2.5 s" in report
    )
    assert "- Compliance library import on SQLite 3.40.1 (10.4 s, target 10 s)" in over
    assert "--measurements" in report.split("## How to reproduce", 1)[1]
    assert "measurements 3.0 s, FMEA 0.5 s, seed_bulk 4.0 s, upload 0.3 s" in report


@pytest.mark.django_db
def test_plain_dashboard_sql_reads_the_values_of_the_cards(member, site_a, site_b):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    # 4 indicators × 3 series (organisation, MTL, MOU) × 20 months = 240 values; the cards show 12.
    assert seed_bulk_measurements(240, indicators=4, today=TODAY)["months"] == 20
    quarterly = services.indicator_create(
        user=manager.user,
        code="SEC-01",
        name="Accidents du trimestre",
        frequency="quarterly",
        site=site_a,
        target=Decimal("0"),
        alert_threshold=Decimal("2"),
        direction="lower_is_better",
        unit="u",
    )
    # Q4 2023 lies before the 12-quarter window (Q1 2024 … Q4 2026): left out; 2 values shown.
    services.measurements_save(
        user=manager.user,
        indicator=quarterly,
        entries=[
            (date(2023, 10, 1), Decimal("5"), ""),
            (date(2024, 1, 1), Decimal("3"), ""),
            (date(2026, 7, 1), Decimal("1"), ""),
        ],  # fmt: skip
        site=site_a,
        today=TODAY,
    )
    manager.user._qsse_site_ids = None

    def plain(site_id):
        sql, params = dashboard_sql(site_id, TODAY)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        values: dict[int, dict[str, Decimal]] = {}
        for indicator_id, period, value in rows:
            values.setdefault(indicator_id, {})[str(period)[:10]] = Decimal(str(value)).normalize()
        return len(rows), values

    def cards(site):
        return {
            card.indicator.pk: {
                period.isoformat(): value.normalize()
                for period, value in zip(card.periods, card.values, strict=True)
                if value is not None
            }
            for card in selectors.dashboard_cards(manager.user, site=site, today=TODAY)
        }

    count, values = plain(None)
    assert count == 4 * 12 + 2
    assert values == cards(None)
    assert values[quarterly.pk] == {"2024-01-01": Decimal("3"), "2026-07-01": Decimal("1")}
    count, values = plain(site_b.pk)  # Moulins: the 4 split indicators' Moulins series, not SEC-01
    assert count == 4 * 12
    assert values == cards(site_b)
    assert list(values) == [
        card.indicator.pk for card in selectors.dashboard_cards(manager.user, site=site_b, today=TODAY)
    ]

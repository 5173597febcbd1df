"""Page latency benchmark: ``make bench`` (``python -m qsse.demo.bench``) writes docs/benchmarks.md.

For SQLite and, when reachable, PostgreSQL, a worker process migrates a fresh throw-away database
(settings ``qsse.demo.bench_settings``), runs ``seed_demo``, adds 1,000,000 indicator measurements
(``seed_bulk_measurements``) and a 5,000-line FMEA (``seed_large_fmea``), runs ``seed_bulk`` (100,000
records and 300,000 actions by default; it ends with ANALYZE), uploads a 1,000,000-row complaints file
as a dataset through the upload service, imports a 5,000-requirement compliance library for 10 sites
(``seed_large_compliance``, timed: target < 10 s), and times the main pages with Django's test ``Client``
signed in as demo users: a few warm-up requests, then ``--requests`` timed requests per page (p50 /
p95, and the SQL query count of one request). Each page has its own target (``Page.target_ms``).
The parent process gathers the results and writes the report.
Panels that a page loads apart with htmx (the statistics of the lists, the FMEA worksheet, the
analysis tools' results) are timed as their own rows, requested as htmx requests, as the browser does.

The dashboard and the analysis tools are also compared with the same aggregate written plainly (one
SQL statement through ``connection.cursor()``, a few lines of Polars): "Compared with plain code".

The report keeps, from the file it replaces, the hand-written section between the
``<!-- hand-written: start -->`` and ``<!-- hand-written: end -->`` lines.

Options: ``--nonconformities``, ``--actions``, ``--measurements``, ``--fmea-lines``, ``--upload-rows``,
``--compliance-requirements``, ``--compliance-sites``,
``--requests``, ``--skip-postgres``, ``--output``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/openqsse_bench"
TARGET_P95_MS = 150  # the default target of a page
DASHBOARD_TARGET_MS = 200  # indicator dashboards (1,000,000 measurements)
FMEA_TARGET_MS = 300  # a 5,000-line FMEA worksheet, opened or re-sorted
ANALYSIS_TARGET_MS = 2000  # a Pareto or a pivot on a 1,000,000-row uploaded file
COMPLIANCE_DASHBOARD_TARGET_MS = 200  # the compliance dashboard, 5,000 requirements × 10 sites
COMPLIANCE_IMPORT_TARGET_S = 10  # importing the 5,000-requirement library file
OHS_DASHBOARD_TARGET_MS = 200  # the OHS dashboard over 10 years of accidents and hours worked
WASTE_TARGET_MS = 200  # the waste register of 200,000 lines: filters and yearly totals (issue 7)
DUER_PDF_TARGET_S = 5  # the PDF of a DUER of 60 work units × 20 hazards
WARM_UP = 5
HAND_WRITTEN_START = "<!-- hand-written: start -->"
HAND_WRITTEN_END = "<!-- hand-written: end -->"
HTMX = {"HTTP_HX_REQUEST": "true"}  # what htmx sends with the requests it makes
WORKSHEET = {**HTMX, "HTTP_HX_TARGET": "worksheet"}  # the FMEA worksheet's sort links


@dataclass
class Page:
    """A page to time: its label, who asks, its URLs (taken in turn), the request headers, its target."""

    label: str
    client: Any
    urls: list[str]
    headers: dict[str, str] = field(default_factory=dict)
    target_ms: float = TARGET_P95_MS
    contains: str = ""  # a text the answer must hold (an analysis result, not a form error)


# --- Worker (runs inside Django) ---------------------------------------------------------------


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile of ``samples`` (``share`` between 0 and 1)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


class QueryCounter:
    """Counts the SQL statements run through the connection (works whatever DEBUG is)."""

    def __init__(self) -> None:
        self.count = 0
        self.slowest: tuple[float, str] = (0.0, "")

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed > self.slowest[0]:
                self.slowest = (elapsed, " ".join(sql.split()))


def _time_page(page: Page, requests: int) -> dict[str, Any]:
    from django.db import connection

    client, urls, headers = page.client, page.urls, page.headers
    for index in range(WARM_UP):
        response = client.get(urls[index % len(urls)], **headers)
        if response.status_code != 200:
            raise RuntimeError(f"{urls[index % len(urls)]} answered {response.status_code}")
        if page.contains and page.contains not in response.content.decode():
            raise RuntimeError(f"{urls[index % len(urls)]}: no “{page.contains}” in the answer")
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        client.get(urls[0], **headers)
    samples = []
    for index in range(requests):
        url = urls[index % len(urls)]
        started = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return {
        "label": page.label,
        "url": urls[0],
        "htmx": bool(headers),
        "target_ms": page.target_ms,
        "p50_ms": round(percentile(samples, 0.5), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "queries": counter.count,
        "slowest_query_ms": round(counter.slowest[0], 1),
        "slowest_query": counter.slowest[1][:300],
        "requests": requests,
    }


def _time_plain(function: Callable[[], Any], requests: int) -> dict[str, float]:
    """p50 / p95 (ms) of ``function`` after the same warm-up as the pages."""
    for _index in range(WARM_UP):
        function()
    samples = []
    for _index in range(requests):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(samples, 0.5), 1), "p95_ms": round(percentile(samples, 0.95), 1)}


def _comparison(label: str, app: str, app_ms: float, plain: str, plain_ms: float) -> dict[str, Any]:
    return {
        "label": label,
        "app": app,
        "app_ms": round(app_ms, 1),
        "plain": plain,
        "plain_ms": round(plain_ms, 1),
        "ratio": round(app_ms / plain_ms, 1) if plain_ms else None,
    }


def dashboard_sql(site_id: int | None, today: date) -> tuple[str, list[Any]]:
    """The aggregate an indicator dashboard shows, as one plain SQL statement: the values of the last
    12 periods of the series each active indicator shows (the organisation's series, or the site's
    on a site's dashboard), ordered as the cards (domain, code, period). The latest value and the
    trend and sparkline of a card are read from these values."""
    from qsse.indicators import calculations
    from qsse.indicators.choices import Frequency
    from qsse.indicators.models import Indicator, Measurement
    from qsse.indicators.selectors import SERIES_PERIODS

    windows = []
    for frequency in Frequency.values:
        current = calculations.period_start(today, frequency)
        windows.append(
            (frequency, calculations.shift_period(current, frequency, 1 - SERIES_PERIODS), current)
        )
    first = "CASE i.frequency " + " ".join("WHEN %s THEN %s" for _w in windows) + " END"
    last = "CASE i.frequency " + " ".join("WHEN %s THEN %s" for _w in windows) + " END"
    params: list[Any] = [True]
    if site_id is None:
        series = "(m.site_id = i.site_id OR (i.site_id IS NULL AND m.site_id IS NULL))"
    else:
        series = "m.site_id = %s AND (i.site_id = %s OR (i.site_id IS NULL AND i.is_split_by_site = %s))"
        params += [site_id, site_id, True]
    for frequency, start, _end in windows:
        params += [frequency, start]
    for frequency, _start, end in windows:
        params += [frequency, end]
    sql = (
        f"SELECT m.indicator_id, m.period_start, m.value FROM {Measurement._meta.db_table} m "
        f"JOIN {Indicator._meta.db_table} i ON i.id = m.indicator_id "
        f"WHERE i.is_active = %s AND {series} "
        f"AND m.period_start >= {first} AND m.period_start <= {last} "
        "ORDER BY i.domain, i.code, m.period_start"
    )
    return sql, params


def _seconds(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = function()
    return value, round(time.perf_counter() - started, 1)


def worker(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from qsse.actions.models import Action
    from qsse.analysis import services as analysis_services
    from qsse.analysis.bench_support import make_large_frame, time_pareto_and_pivot
    from qsse.demo.bulk import seed_bulk
    from qsse.demo.company import DEMO_PASSWORD
    from qsse.demo.seeding import seed_demo
    from qsse.fmea.bench_support import bench_urls, seed_large_fmea
    from qsse.indicators.bulk import seed_bulk_measurements
    from qsse.indicators.models import Indicator, Measurement
    from qsse.nonconformities.models import Nonconformity
    from qsse.organization.models import Site
    from qsse.processes.models import Process

    result: dict[str, Any] = {"vendor": connection.vendor}
    _none, result["migrate_s"] = _seconds(lambda: call_command("migrate", verbosity=0))
    _none, result["seed_demo_s"] = _seconds(seed_demo)
    manager_user = get_user_model().objects.get(username="claire.morel")
    bulk_measurements, result["seed_measurements_s"] = _seconds(
        lambda: seed_bulk_measurements(args.measurements)
    )
    print(f"  {bulk_measurements['measurements']:,} measurements in {result['seed_measurements_s']} s")
    fmea, result["seed_fmea_s"] = _seconds(lambda: seed_large_fmea(manager_user, args.fmea_lines))
    print(f"  FMEA of {args.fmea_lines:,} lines in {result['seed_fmea_s']} s")
    # seed_bulk ends with ANALYZE (VACUUM ANALYZE on PostgreSQL): it covers the rows above too.
    summary = seed_bulk(nonconformities=args.nonconformities, actions=args.actions, log=print)
    result["seed_bulk_s"] = round(summary.seconds, 1)

    # The uploaded file: a French Excel-style CSV export of complaints, made once for both databases.
    csv_path = Path(args.var_dir) / f"complaints-{args.upload_rows}.csv"
    result["make_file_s"] = 0.0
    if not csv_path.exists():
        _none, result["make_file_s"] = _seconds(lambda: make_large_frame(csv_path, args.upload_rows))
    result["upload_mb"] = round(csv_path.stat().st_size / 1024 / 1024, 1)
    with csv_path.open("rb") as handle:
        dataset, result["upload_s"] = _seconds(
            lambda: analysis_services.dataset_upload(
                user=manager_user, file=File(handle, name="reclamations.csv"), name="Réclamations (charge)"
            )
        )
    print(f"  dataset of {dataset.row_count:,} rows uploaded in {result['upload_s']} s")

    # Compliance: a 5,000-requirement library imported for 10 sites (after seed_bulk, whose data
    # the extra bench sites must not change; it runs its own ANALYZE).
    from dataclasses import asdict

    from qsse.compliance.bench_support import bench_urls as compliance_bench_urls
    from qsse.compliance.bench_support import seed_large_compliance

    compliance = seed_large_compliance(
        manager_user, requirements=args.compliance_requirements, sites=args.compliance_sites
    )
    result["compliance"] = asdict(compliance)

    # Health and safety: ten years of accidents and hours worked on every site; a 60 × 20 DUER.
    from qsse.accidents.bench_support import bench_urls as ohs_bench_urls
    from qsse.accidents.bench_support import seed_accident_history
    from qsse.duer.bench_support import seed_large_duer, time_duer_pdf
    from qsse.organization.models import Person

    ohs, result["seed_ohs_s"] = _seconds(lambda: seed_accident_history(years=10))
    result["ohs"] = asdict(ohs)
    print(f"  OHS: {ohs.events:,} accidents and near misses over {ohs.months} months × {ohs.sites} sites")
    owner = Person.objects.filter(user=manager_user).first()
    duer = seed_large_duer(manager_user, owner, site=Site.objects.order_by("pk").first())
    result["duer"] = asdict(time_duer_pdf(duer))
    print(f"  DUER PDF of {result['duer']['work_units']} units × 20 hazards in {result['duer']['pdf_s']} s")
    # Documents: 50,000 documents with 200,000 versions (master list and search p95 < 150 ms).
    from qsse.documents.bench_support import seed_large_documents

    documents_bench, result["seed_documents_s"] = _seconds(lambda: seed_large_documents(manager_user, owner))
    result["documents"] = asdict(documents_bench)
    print(f"  documents: {documents_bench.documents:,} with {documents_bench.versions:,} versions")
    from qsse.icpe.bench_support import bench_urls as icpe_bench_urls
    from qsse.icpe.bench_support import seed_large_icpe

    icpe, result["seed_icpe_s"] = _seconds(
        lambda: seed_large_icpe(manager_user, sites=10, installations=10_000)
    )
    result["icpe"] = asdict(icpe)
    icpe_urls = icpe_bench_urls(Site.objects.order_by("pk").first())
    print(f"  ICPE: {icpe.quantities:,} declared quantities, {icpe.installations:,} installations")
    # Waste: a register of 200,000 lines over 5 years on every site (filters and yearly totals).
    from qsse.waste.bench_support import bench_urls as waste_bench_urls
    from qsse.waste.bench_support import seed_large_waste

    waste, result["seed_waste_s"] = _seconds(lambda: seed_large_waste(manager_user, lines=200_000))
    result["waste"] = asdict(waste)
    print(f"  waste: register of {waste.lines:,} lines, {waste.streams} streams on {waste.sites} sites")
    # Environment: an analysis of 2,000 aspects on each of 10 sites (aspect register, one matrix).
    from qsse.environment.bench_support import bench_urls as environment_bench_urls
    from qsse.environment.bench_support import seed_large_environment

    environment, result["seed_environment_s"] = _seconds(lambda: seed_large_environment(manager_user))
    result["environment"] = asdict(environment)
    print(f"  environment: {environment.aspects:,} aspects in {environment.analyses} analyses")
    from qsse.retention.bench_support import bench_urls as retention_bench_urls
    from qsse.retention.bench_support import seed_large_retention

    _, result["seed_retention_s"] = _seconds(
        lambda: seed_large_retention(manager_user, people=20_000, victims=5_000)
    )
    retention_urls = retention_bench_urls()
    print("  retention: 20,000 people who left over 10 years, 5,000 victim records naming people")
    # Energy: 10 sites × 84 meters × 240 months of records (201,600), history rows included.
    from qsse.energy.bench_support import bench_urls as energy_bench_urls
    from qsse.energy.bench_support import seed_large_energy

    energy = seed_large_energy(manager_user, sites=10, meters=84, months=240)
    result["energy"] = asdict(energy)
    energy_site = Site.objects.order_by("pk").first()
    energy_urls = energy_bench_urls(energy_site, int(energy.last_month[:4]))
    print(f"  energy: {energy.records:,} records of {energy.meters} meters written in {energy.seed_s} s")
    print(
        f"  compliance: {compliance.requirements:,} requirements × {compliance.sites} sites "
        f"({compliance.assessments:,} assessments) imported in {compliance.import_s} s; "
        f"version 2 in {compliance.update_import_s} s"
    )

    # Free the bulk load's garbage now, as a server process would not carry it: the cyclic garbage
    # collector's full passes (tens of ms with this many objects alive) then time only page work.
    gc.collect()
    if connection.vendor == "postgresql":
        # Flush the bulk load's dirty pages now, so that the checkpoint does not land in the timings.
        try:
            with connection.cursor() as cursor:
                cursor.execute("CHECKPOINT")
        except Exception as error:  # needs superuser or pg_checkpoint; the timings are then noisier
            print(f"  CHECKPOINT not run: {error}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            result["version"] = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            result["version"] = f"SQLite {cursor.fetchone()[0]}"
    result["rows"] = {
        "nonconformities": Nonconformity.objects.count(),
        "actions": Action.objects.count(),
        "measurements": Measurement.objects.count(),
        "indicators": Indicator.objects.count(),
        "fmea_lines": fmea.lines.count(),
        "dataset_rows": dataset.row_count,
    }

    manager = Client()
    assert manager.login(username="claire.morel", password=DEMO_PASSWORD)
    contributor = Client()
    assert contributor.login(username="celine.mercier", password=DEMO_PASSWORD)  # team leader, Moulins only
    moulins = Site.objects.get(code="MOU")
    process = (
        Process.objects.filter(pk__in=Indicator.objects.filter(is_active=True).values("process"))
        .order_by("code")
        .first()
    )

    rng = random.Random(2026)
    with_actions = list(
        Action.objects.filter(origin_content_type__model="nonconformity")
        .values_list("origin_object_id", flat=True)
        .order_by("origin_object_id")
        .distinct()[:5000]
    )
    detail_urls = [
        reverse("nonconformities:nonconformity_detail", args=[pk]) for pk in rng.sample(with_actions, 25)
    ]
    nc_list = reverse("nonconformities:nonconformity_list")
    nc_stats = reverse("nonconformities:nonconformity_stats")
    action_list = reverse("actions:action_list")
    action_stats = reverse("actions:action_stats")
    moulins_open = f"?status=open&site={moulins.pk}"
    overdue = "?status=in_progress&overdue=yes"
    board = reverse("actions:action_board")
    dashboard = reverse("indicators:dashboard")
    dashboard_site = reverse("indicators:dashboard_site", args=[moulins.pk])
    fmea_urls = bench_urls(fmea)
    compliance_urls = compliance_bench_urls()
    from qsse.documents.bench_support import bench_urls as documents_bench_urls

    documents_urls = documents_bench_urls()
    ohs_urls = ohs_bench_urls()
    waste_urls = waste_bench_urls()
    pareto_url = (
        reverse("analysis:tool_run", args=[dataset.pk, "pareto"])
        + "?"
        + urlencode({"run": "1", "category": "Catégorie", "cutoff": "80"})
    )
    pivot_url = (
        reverse("analysis:tool_run", args=[dataset.pk, "pivot"])
        + "?"
        + urlencode(
            {"run": "1", "row_1": "Catégorie", "column": "Site", "aggregation": "sum", "measure": "Coût"}
        )
    )
    lines = f"{args.fmea_lines:,}"
    assessments = f"{compliance.requirements:,} requirements × {compliance.sites} sites"
    rows = f"{args.upload_rows:,}"
    # A list page and, just after it, the panel it loads (↳, an htmx request).
    pages = [
        Page("NC list (QSSE manager, first page)", manager, [nc_list]),
        Page("↳ NC statistics panel, QSSE manager (htmx fragment)", manager, [nc_stats], HTMX),
        Page("NC list filtered (status open, site Moulins)", manager, [nc_list + moulins_open]),
        Page(
            "↳ NC statistics panel, status open, site Moulins (htmx fragment)",
            manager,
            [nc_stats + moulins_open],
            HTMX,
        ),
        Page("NC list (contributor scoped to Moulins)", contributor, [nc_list]),
        Page(
            "↳ NC statistics panel, contributor scoped to Moulins (htmx fragment)",
            contributor,
            [nc_stats],
            HTMX,
        ),
        Page("Action list (QSSE manager, all actions)", manager, [action_list]),
        Page("↳ Action progress figures, QSSE manager (htmx fragment)", manager, [action_stats], HTMX),
        Page("Action list (in progress, overdue)", manager, [action_list + overdue]),
        Page(
            "↳ Action progress figures, in progress, overdue (htmx fragment)",
            manager,
            [action_stats + overdue],
            HTMX,
        ),
        Page("Action list (contributor scoped to Moulins)", contributor, [action_list]),
        Page(
            "↳ Action progress figures, contributor scoped to Moulins (htmx fragment)",
            contributor,
            [action_stats],
            HTMX,
        ),
        Page("NC page (random NC with actions)", manager, detail_urls),
        Page("Kanban board of actions", manager, [board]),
        Page("Kanban board (contributor scoped to Moulins)", contributor, [board]),
        Page(
            "QSSE dashboard of indicators (QSSE manager)", manager, [dashboard], target_ms=DASHBOARD_TARGET_MS
        ),
        Page("Dashboard of the site Moulins", manager, [dashboard_site], target_ms=DASHBOARD_TARGET_MS),
    ]
    if process is not None:
        pages.append(
            Page(
                f"Dashboard of the process {process.code}",
                manager,
                [reverse("indicators:dashboard_process", args=[process.pk])],
                target_ms=DASHBOARD_TARGET_MS,
            )
        )
    waste_lines = f"{waste.lines:,} lines"
    pages += [
        Page(
            f"Waste register ({waste_lines}, first page)",
            manager,
            [waste_urls["register"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page(
            "Waste register filtered (site, year, hazardous)",
            manager,
            [waste_urls["register_site_year"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page(
            "Waste register filtered (code 12 01 09*)",
            manager,
            [waste_urls["register_code"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page(
            "Waste register filtered (a month, recovery)",
            manager,
            [waste_urls["register_period"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page(
            "Waste register (contributor scoped to Moulins)",
            contributor,
            [waste_urls["register"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page(
            f"Waste yearly totals, dashboard ({waste_lines})",
            manager,
            [waste_urls["dashboard"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page(
            "Waste yearly totals, one site",
            manager,
            [waste_urls["dashboard_site"]],
            target_ms=WASTE_TARGET_MS,
        ),
        Page("Waste yearly totals (API)", manager, [waste_urls["api_stats"]], target_ms=WASTE_TARGET_MS),
    ]
    environment_urls = environment_bench_urls()
    aspects = f"{environment.aspects:,} aspects"
    pages += [
        Page(f"Environmental aspects ({aspects}, first page)", manager, [environment_urls["aspects"]]),
        Page("Environmental aspects (significant only)", manager, [environment_urls["aspects_significant"]]),
        Page(
            f"Environmental analysis ({environment.aspects // environment.analyses:,} aspects)",
            manager,
            [environment_urls["analysis"]],
        ),
        Page("Significance matrix of an analysis", manager, [environment_urls["analysis_matrix"]]),
    ]
    events = f"{ohs.events:,} events over 10 years"
    pages += [
        Page(
            f"OHS dashboard ({events}, QSSE manager)",
            manager,
            [ohs_urls["dashboard"]],
            target_ms=OHS_DASHBOARD_TARGET_MS,
        ),
        Page(
            "OHS dashboard (contributor scoped to Moulins)",
            contributor,
            [ohs_urls["dashboard"]],
            target_ms=OHS_DASHBOARD_TARGET_MS,
        ),
        Page(f"Accident register ({events}, first page)", manager, [ohs_urls["register"]]),
        Page("ICPE status of the sites (sums per site and rubrique)", manager, [icpe_urls["overview"]]),
        Page("ICPE status of one site, with its reasoning", manager, [icpe_urls["site_status"]]),
        Page("ICPE installation register (first page)", manager, [icpe_urls["register"]]),
        Page("ICPE register filtered (site, rubrique 2910)", manager, [icpe_urls["register_filtered"]]),
        Page("ICPE periodic controls due (DC)", manager, [icpe_urls["controls"]]),
        Page("Retention schedule (20,000 people who left)", manager, [retention_urls["schedule"]]),
        Page("Personal data inventory (counts per source)", manager, [retention_urls["inventory"]]),
        Page("Energy overview of a year (201,600 records)", manager, [energy_urls["energy_overview"]]),
        Page("Energy overview of one site", manager, [energy_urls["energy_overview_site"]]),
        Page("Energy review (uses, Pareto, EnPIs)", manager, [energy_urls["energy_review"]]),
        Page("Energy records (first page)", manager, [energy_urls["energy_records"]]),
        Page(
            "Energy records filtered (site, year, carrier, sorted)",
            manager,
            [energy_urls["energy_records_filtered"]],
        ),
        Page("EnPI against its baseline", manager, [energy_urls["energy_enpi"]]),
        Page(
            f"Compliance dashboard ({assessments}, QSSE manager)",
            manager,
            [compliance_urls["dashboard"]],
            target_ms=COMPLIANCE_DASHBOARD_TARGET_MS,
        ),
        Page(
            "Compliance dashboard (contributor scoped to Moulins)",
            contributor,
            [compliance_urls["dashboard"]],
            target_ms=COMPLIANCE_DASHBOARD_TARGET_MS,
        ),
        Page(f"Compliance register ({assessments}, first page)", manager, [compliance_urls["register"]]),
        Page(
            "↳ Compliance register rates panel (htmx fragment)",
            manager,
            [compliance_urls["register_rates"]],
            HTMX,
        ),
        Page(
            "Compliance register filtered (non-compliant, OHS)", manager, [compliance_urls["register_gaps"]]
        ),
        Page(
            "Compliance register (contributor scoped to Moulins)", contributor, [compliance_urls["register"]]
        ),
        Page("Master list of documents (50,000, first page)", manager, [documents_urls["master_list"]]),
        Page("Master list sorted by next review", manager, [documents_urls["master_list_sorted"]]),
        Page("Master list filtered (in force, internal)", manager, [documents_urls["master_list_filtered"]]),
        Page("Master list searched by title", manager, [documents_urls["master_list_search"]]),
        Page(
            "Master list (contributor scoped to Moulins: confidentiality and sites)",
            contributor,
            [documents_urls["master_list"]],
        ),
        Page("Global search (a document reference)", manager, [documents_urls["search"]]),
        Page("Global search (contributor scoped to Moulins)", contributor, [documents_urls["search_words"]]),
        Page(
            "QSSE dashboard (contributor scoped to Moulins)",
            contributor,
            [dashboard],
            target_ms=DASHBOARD_TARGET_MS,
        ),
        Page("Kiosk (QSSE manager)", manager, [reverse("indicators:kiosk")], target_ms=DASHBOARD_TARGET_MS),
        Page(
            "↳ Kiosk cards, next refresh (htmx fragment)",
            manager,
            [reverse("indicators:kiosk_cards") + "?step=1"],
            HTMX,
            target_ms=DASHBOARD_TARGET_MS,
        ),
        Page(
            f"FMEA of {lines} lines: open (first 100 lines)",
            manager,
            [fmea_urls["open"]],
            target_ms=FMEA_TARGET_MS,
        ),
        Page(
            f"FMEA of {lines} lines sorted by RPN",
            manager,
            [fmea_urls["sorted_by_rpn"]],
            target_ms=FMEA_TARGET_MS,
        ),
        Page(
            f"FMEA of {lines} lines sorted by AP",
            manager,
            [fmea_urls["sorted_by_ap"]],
            target_ms=FMEA_TARGET_MS,
        ),
        Page(
            "↳ FMEA worksheet re-sorted by RPN (htmx fragment)",
            manager,
            [fmea_urls["sorted_by_rpn"]],
            WORKSHEET,
            target_ms=FMEA_TARGET_MS,
        ),
        Page(
            "↳ FMEA worksheet re-sorted by AP (htmx fragment)",
            manager,
            [fmea_urls["sorted_by_ap"]],
            WORKSHEET,
            target_ms=FMEA_TARGET_MS,
        ),
        Page(
            f"Pareto of the categories, {rows}-row uploaded file (htmx result)",
            manager,
            [pareto_url],
            HTMX,
            target_ms=ANALYSIS_TARGET_MS,
            contains="Rayure",
        ),
        Page(
            f"Pivot category × site, sum of the cost, {rows}-row uploaded file (htmx result)",
            manager,
            [pivot_url],
            HTMX,
            target_ms=ANALYSIS_TARGET_MS,
            contains="Rayure",
        ),
    ]
    result["pages"] = []
    result["load_before"] = round(os.getloadavg()[0], 2)
    for page in pages:
        measured = _time_page(page, args.requests)
        print(
            f"  {page.label}: p50 {measured['p50_ms']} ms, p95 {measured['p95_ms']} ms, "
            f"{measured['queries']} queries"
        )
        result["pages"].append(measured)

    # The same aggregates written plainly.
    import polars as pl

    timed = {page["label"]: page for page in result["pages"]}
    today = timezone.localdate()

    def plain_sql(site_id: int | None) -> Callable[[], Any]:
        sql, params = dashboard_sql(site_id, today)

        def run() -> list[tuple]:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    comparisons = []
    for label, site_id in (
        ("QSSE dashboard of indicators (QSSE manager)", None),
        ("Dashboard of the site Moulins", moulins.pk),
    ):
        plain = _time_plain(plain_sql(site_id), args.requests)
        comparisons.append(
            _comparison(
                label,
                "page p95",
                timed[label]["p95_ms"],
                "p95 of one SQL statement: the 12-period values of every shown series",
                plain["p95_ms"],
            )
        )
    parquet = dataset.parquet_file.path
    plain_pareto = _time_plain(
        lambda: pl.scan_parquet(parquet).group_by("Catégorie").len().sort("len", descending=True).collect(),
        args.requests,
    )
    plain_pivot = _time_plain(
        lambda: (
            pl.scan_parquet(parquet)
            .group_by(["Catégorie", "Site"])
            .agg(pl.col("Coût").sum())
            .collect()
            .pivot(on="Site", index="Catégorie", values="Coût")
        ),
        args.requests,
    )
    pareto_label, pivot_label = pages[-2].label, pages[-1].label
    comparisons.append(
        _comparison(
            pareto_label,
            "page p95",
            timed[pareto_label]["p95_ms"],
            "p95 of plain Polars on the dataset's Parquet file (group by, count, sort)",
            plain_pareto["p95_ms"],
        )
    )
    comparisons.append(
        _comparison(
            pivot_label,
            "page p95",
            timed[pivot_label]["p95_ms"],
            "p95 of plain Polars on the dataset's Parquet file (group by, sum, pivot)",
            plain_pivot["p95_ms"],
        )
    )
    # The app's dataframe code alone (no request, no template) against plain Polars, one run each.
    code = time_pareto_and_pivot(csv_path)
    comparisons.append(
        _comparison(
            f"Pareto, the app's code (`frames.pareto`), {rows} rows",
            "one run",
            code["pareto_s"] * 1000,
            "one run of plain Polars (read the Parquet file, group by, count, sort)",
            code["plain_polars_pareto_s"] * 1000,
        )
    )
    comparisons.append(
        _comparison(
            f"Pivot, the app's code (`frames.pivot`), {rows} rows",
            "one run",
            code["pivot_s"] * 1000,
            "one run of plain Polars (read the Parquet file, group by, sum)",
            code["plain_polars_pivot_s"] * 1000,
        )
    )
    result["read_and_type_s"] = round(code["upload_read_and_type_s"], 1)
    for item in comparisons:
        print(
            f"  {item['label']}: app {item['app_ms']} ms, plain {item['plain_ms']} ms, ratio {item['ratio']}"
        )
    result["comparisons"] = comparisons
    result["load_after"] = round(os.getloadavg()[0], 2)
    return result


# --- Orchestrator ------------------------------------------------------------------------------


def _postgres_ready(url: str) -> str | None:
    """Create (or re-create) the benchmark database; None when ready, else the reason it is not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin_url, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # any connection problem means "not reachable"
        return f"PostgreSQL not reachable at {admin_url} ({str(error).strip().splitlines()[0]})"
    return None


def _run_worker(database_url: str, args: argparse.Namespace, var_dir: str) -> dict[str, Any]:
    result_file = Path(var_dir) / "result.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qsse.demo.bench_settings",
        "OPENQSSE_BENCH_DATABASE_URL": database_url,
        "OPENQSSE_VAR_DIR": var_dir,
    }
    env.pop("DATABASE_URL", None)
    command = [
        sys.executable, "-m", "qsse.demo.bench", "--worker", "--result", str(result_file),
        "--nonconformities", str(args.nonconformities), "--actions", str(args.actions),
        "--measurements", str(args.measurements), "--fmea-lines", str(args.fmea_lines),
        "--upload-rows", str(args.upload_rows), "--requests", str(args.requests), "--var-dir", var_dir,
        "--compliance-requirements", str(args.compliance_requirements),
        "--compliance-sites", str(args.compliance_sites),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return json.loads(result_file.read_text())


def _machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{memory_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    import django

    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def hand_written_section(previous: str) -> str:
    """The hand-written section of a previous report, markers included ("" when there is none)."""
    start, end = previous.find(HAND_WRITTEN_START), previous.find(HAND_WRITTEN_END)
    if start < 0 or end < start:
        return ""
    return previous[start : end + len(HAND_WRITTEN_END)]


def duration(ms: float) -> str:
    """A time for the report: in ms under 1 s, in s above."""
    return f"{ms:,.1f} ms" if ms < 1000 else f"{ms / 1000:,.2f} s"


def render_report(
    results: list[dict[str, Any]], skipped: list[str], args: argparse.Namespace, hand_written: str = ""
) -> str:
    machine = _machine()
    lines = [
        "# Benchmarks",
        "",
        f"Page latency of OpenQSSE with a large data set, measured on {date.today().isoformat()} by "
        "`make bench` (`python -m qsse.demo.bench`). This file is rewritten by each run.",
        "",
        f"**Target: p95 under each page's target**: {TARGET_P95_MS} ms by default, "
        f"{DASHBOARD_TARGET_MS} ms for the indicator dashboards, {FMEA_TARGET_MS} ms to open or re-sort "
        f"the FMEA worksheet, {duration(ANALYSIS_TARGET_MS)} for a Pareto or a pivot on the uploaded file; "
        f"with {args.nonconformities:,} non-conformities, {args.actions:,} actions, "
        f"{args.measurements:,} indicator measurements, a {args.fmea_lines:,}-line FMEA, a "
        f"{args.upload_rows:,}-row uploaded file and a library of {args.compliance_requirements:,} "
        f"requirements assessed for {args.compliance_sites} sites ({COMPLIANCE_DASHBOARD_TARGET_MS} ms for "
        f"the compliance dashboard; importing the library file under {COMPLIANCE_IMPORT_TARGET_S} s); "
        f"ten years of accidents and hours worked on every site ({OHS_DASHBOARD_TARGET_MS} ms for the OHS "
        f"dashboard) and a DUER of 60 work units × 20 hazards (its PDF under {DUER_PDF_TARGET_S} s).",
        "",
        "## Set-up",
        "",
        f"- Machine: {machine['cpus']} CPU(s), {machine['cpu']}, {machine['memory']} RAM, "
        f"{machine['system']}",
        f"- Python {machine['python']}, Django {machine['django']}",
        "- Databases: " + ", ".join(result["version"] for result in results),
        "- Data: the demo organisation (`seed_demo`); "
        f"`seed_bulk_measurements({args.measurements})` (300 monthly indicators split by site, values "
        "bulk-created in batches, month after month back in time); "
        f"`seed_large_fmea(user, {args.fmea_lines})` (lines bulk-created with their RPN and AP); "
        f"`seed_bulk --nonconformities {args.nonconformities} --actions {args.actions}`, which ends with "
        "`ANALYZE` (`VACUUM ANALYZE` on PostgreSQL, as autovacuum does after a bulk insert); then a "
        f"{args.upload_rows:,}-row complaints file (`make_large_frame`: `;`-separated CSV with decimal "
        "commas, as a French Excel export) uploaded as a dataset through `dataset_upload`, the service of "
        "the upload page (read, typed, stored as Parquet); then `seed_large_compliance` "
        "(qsse/compliance/bench_support.py): the organisation completed to "
        f"{args.compliance_sites} sites with a compliance profile, a YAML library of "
        f"{args.compliance_requirements:,} requirements (half with applicability criteria) imported "
        "through `library_import`, the service of the import page (parsing, checking, requirements "
        "and their history, the applicability proposals of every site), statuses spread over the "
        "applicable assessments, then a version 2 of the file (every 20th requirement modified, every "
        "50th dropped, 100 new) imported: the watch.",
    ]
    for result in results:
        rows = result["rows"]
        lines.append(
            f"- {result['version']}: {rows['nonconformities']:,} non-conformities, "
            f"{rows['actions']:,} actions, {rows['measurements']:,} measurements of "
            f"{rows['indicators']:,} indicators, {rows['fmea_lines']:,} FMEA lines, a dataset of "
            f"{rows['dataset_rows']:,} rows ({result['upload_mb']} MB); "
            f"migrate {result['migrate_s']} s, seed_demo {result['seed_demo_s']} s, "
            f"measurements {result['seed_measurements_s']} s, FMEA {result['seed_fmea_s']} s, "
            f"seed_bulk {result['seed_bulk_s']} s, upload {result['upload_s']} s "
            f"(reading and typing the file alone: {result['read_and_type_s']} s"
            + (f"; making the file: {result['make_file_s']} s" if result.get("make_file_s") else "")
            + f"); 1-min load average {result['load_before']} before the timings, "
            f"{result['load_after']} after"
        )
        compliance = result.get("compliance")
        if compliance:
            lines.append(
                f"  - compliance on {result['version'].split()[0]}: {compliance['requirements']:,} "
                f"requirements × {compliance['sites']} sites = {compliance['assessments']:,} assessments; "
                f"library file {compliance['file_mb']} MB imported in **{compliance['import_s']} s** "
                f"(target < {COMPLIANCE_IMPORT_TARGET_S} s); version 2 ({compliance['update_added']} new, "
                f"{compliance['update_modified']} modified, {compliance['update_repealed']} repealed, "
                f"{compliance['flagged']:,} assessments flagged to redo) in {compliance['update_import_s']} s"
            )
        ohs, duer = result.get("ohs"), result.get("duer")
        if ohs:
            lines.append(
                f"  - health and safety on {result['version'].split()[0]}: {ohs['events']:,} accidents and "
                f"near misses and {ohs['hours_rows']:,} months of hours worked ({ohs['sites']} sites × "
                f"{ohs['months']} months) in {result.get('seed_ohs_s', '—')} s"
            )
        if duer:
            lines.append(
                f"  - DUER of {duer['work_units']} work units, {duer['hazards']:,} hazards: PDF "
                f"({duer['pdf_kb']} KB) read and compiled in **{duer['pdf_s']} s** "
                f"(target < {DUER_PDF_TARGET_S} s)"
            )
    for reason in skipped:
        lines.append(f"- Skipped: {reason}")
    lines += [
        f"- Method: Django test `Client` in-process (middleware, views, templates; no HTTP server), "
        f"{WARM_UP} warm-up requests then {args.requests} timed requests per page; "
        "queries = SQL queries of one request. Rows marked ↳ are the panels the page above loads in a "
        "second request (htmx, `hx-trigger=\"load\"`, the worksheet's sort links, the tool form's "
        "submit), timed as htmx requests: the table shows before them. A load average above the number "
        "of CPUs means other work shared the machine during the timings. The time of a statement is "
        "that of its execution; on SQLite it runs until the first row, the rest being computed while "
        "the rows are fetched.",
        "",
        "## Results",
        "",
    ]
    header = "| Page |"
    rule = "|---|"
    for result in results:
        name = result["version"].split()[0]
        header += f" {name} p50 (ms) | {name} p95 (ms) | {name} queries |"
        rule += "---:|---:|---:|"
    header += " Target p95 (ms) | Target met |"
    rule += "---:|:---:|"
    lines += [header, rule]
    misses = []
    for index, page in enumerate(results[0]["pages"] if results else []):
        target = page.get("target_ms", TARGET_P95_MS)
        row = f"| {page['label']} |"
        met = True
        for result in results:
            measured = result["pages"][index]
            row += f" {measured['p50_ms']} | {measured['p95_ms']} | {measured['queries']} |"
            if measured["p95_ms"] >= target:
                met = False
                misses.append(
                    f"{page['label']} on {result['version']} "
                    f"(p95 {measured['p95_ms']} ms, target {target:g} ms)"
                )
        row += f" {target:g} |" + (" yes |" if met else " **no** |")
        lines.append(row)
    lines += ["", "Pages measured (first URL of each):", ""]
    for page in results[0]["pages"] if results else []:
        lines.append(f"- {page['label']}: `{page['url']}`" + (" (htmx request)" if page.get("htmx") else ""))
    for result in results:
        compliance = result.get("compliance")
        duer = result.get("duer")
        if duer and duer["pdf_s"] >= DUER_PDF_TARGET_S:
            misses.append(
                f"DUER PDF on {result['version']} ({duer['pdf_s']} s, target {DUER_PDF_TARGET_S} s)"
            )
        if compliance and compliance["import_s"] >= COMPLIANCE_IMPORT_TARGET_S:
            misses.append(
                f"Compliance library import on {result['version']} ({compliance['import_s']} s, "
                f"target {COMPLIANCE_IMPORT_TARGET_S} s)"
            )
    lines += ["", "## Pages over the target", ""]
    lines += [f"- {miss}" for miss in misses] or ["None."]
    lines += [
        "",
        "## Compared with plain code",
        "",
        "The same aggregate done by the page (or the app's code) and written plainly: one SQL statement "
        "through `connection.cursor()` for a dashboard (the values its cards show: the last value, the "
        "trend and the sparkline of each series come from them), a few lines of Polars on the dataset's "
        "Parquet file for an analysis tool. Ratio = app time / plain time: what the page adds (permission "
        "scoping, the other queries, Python objects, the template) over the bare aggregate.",
        "",
    ]
    for result in results:
        lines += [
            f"{result['version']}:",
            "",
            "| Aggregate | App | App time | Plain code | Plain time | Ratio |",
            "|---|---|---:|---|---:|---:|",
        ]
        for item in result.get("comparisons", []):
            ratio = f"{item['ratio']:g}" if item["ratio"] is not None else "—"
            lines.append(
                f"| {item['label']} | {item['app']} | {duration(item['app_ms'])} | {item['plain']} | "
                f"{duration(item['plain_ms'])} | {ratio} |"
            )
        lines.append("")
    lines += ["## Slowest SQL statement of each page", ""]
    for result in results:
        lines += [f"{result['version']}:", ""]
        for page in result["pages"]:
            lines.append(
                f"- {page['label']}: {page['slowest_query_ms']} ms — `{page['slowest_query'][:160]}…`"
            )
        lines.append("")
    lines += [
        "",
        "## How to reproduce",
        "",
        "```sh",
        "make bench                      # SQLite, then PostgreSQL if reachable",
        "make bench BENCH_ARGS='--nonconformities 10000 --actions 30000 --measurements 100000 "
        "--fmea-lines 1000 --upload-rows 100000 --compliance-requirements 500 --requests 20'   # quicker",
        "make bench BENCH_ARGS='--skip-postgres'",
        "```",
        "",
        "Sizes: `--nonconformities` (100,000), `--actions` (300,000), `--measurements` (1,000,000), "
        "`--fmea-lines` (5,000), `--upload-rows` (1,000,000), `--compliance-requirements` (5,000), "
        "`--compliance-sites` (10); `--requests` (50) timed requests per page; "
        "`--output` (this file).",
        "",
        f"PostgreSQL is used when `{POSTGRES_URL}` is reachable (the `openqsse_bench` database is dropped "
        "and re-created; override with `OPENQSSE_BENCH_POSTGRES_URL`); otherwise it is skipped with the "
        "reason printed. The SQLite database, the uploaded file and the dataset's Parquet file live in a "
        "temporary directory: the benchmark never touches `var/`. The bulk loaders (`seed_bulk`, "
        "`seed_bulk_measurements`, `seed_large_fmea`'s lines) bypass the services (no history, no "
        "events) for speed, so record pages of bulk records show empty history panels; the dataset goes "
        "through the upload service.",
        "",
    ]
    if hand_written:
        lines += [hand_written, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nonconformities", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=300_000)
    parser.add_argument("--measurements", type=int, default=1_000_000)
    parser.add_argument("--fmea-lines", type=int, default=5000)
    parser.add_argument("--upload-rows", type=int, default=1_000_000)
    parser.add_argument("--compliance-requirements", type=int, default=5000)
    parser.add_argument("--compliance-sites", type=int, default=10)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        Path(args.result).write_text(json.dumps(worker(args)))
        return 0

    started = time.perf_counter()
    results, skipped = [], []
    var_dir = tempfile.mkdtemp(prefix="openqsse-bench-")
    try:
        print("== SQLite")
        results.append(_run_worker(f"sqlite:///{var_dir}/bench.sqlite3", args, var_dir))
        postgres_url = os.environ.get("OPENQSSE_BENCH_POSTGRES_URL", POSTGRES_URL)
        reason = "--skip-postgres given" if args.skip_postgres else _postgres_ready(postgres_url)
        if reason:
            print(f"== PostgreSQL skipped: {reason}")
            skipped.append(f"PostgreSQL ({reason})")
        else:
            print("== PostgreSQL")
            results.append(_run_worker(postgres_url, args, var_dir))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    output = Path(args.output)
    previous = output.read_text() if output.exists() else ""
    report = render_report(results, skipped, args, hand_written_section(previous))
    output.write_text(report)
    print(f"Report written to {args.output} ({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Page latency benchmark: ``make bench`` (``python -m qsse.demo.bench``) writes docs/benchmarks.md.

For SQLite and, when reachable, PostgreSQL, a worker process migrates a fresh throw-away database
(settings ``qsse.demo.bench_settings``), runs ``seed_demo`` then ``seed_bulk`` (100,000 records and
300,000 actions by default), and times the main pages with Django's test ``Client`` signed in as
demo users: a few warm-up requests, then ``--requests`` timed requests per page (p50 / p95, and the
SQL query count of one request). The parent process gathers the results and writes the report.
Panels that a page loads apart with htmx (the statistics of the lists) are timed as their own rows,
requested as htmx requests, as the browser does.

The report keeps, from the file it replaces, the hand-written section between the
``<!-- hand-written: start -->`` and ``<!-- hand-written: end -->`` lines.

Options: ``--nonconformities``, ``--actions``, ``--requests``, ``--skip-postgres``, ``--output``.
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
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/openqsse_bench"
TARGET_P95_MS = 150
WARM_UP = 5
HAND_WRITTEN_START = "<!-- hand-written: start -->"
HAND_WRITTEN_END = "<!-- hand-written: end -->"
HTMX = {"HTTP_HX_REQUEST": "true"}  # what htmx sends with the requests it makes


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


def _time_page(client: Any, urls: list[str], requests: int, headers: dict[str, str]) -> dict[str, Any]:
    from django.db import connection

    for index in range(WARM_UP):
        response = client.get(urls[index % len(urls)], **headers)
        if response.status_code != 200:
            raise RuntimeError(f"{urls[index % len(urls)]} answered {response.status_code}")
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
        "url": urls[0],
        "htmx": bool(headers),
        "p50_ms": round(percentile(samples, 0.5), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "queries": counter.count,
        "slowest_query_ms": round(counter.slowest[0], 1),
        "slowest_query": counter.slowest[1][:300],
        "requests": requests,
    }


def worker(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from qsse.actions.models import Action
    from qsse.demo.bulk import seed_bulk
    from qsse.demo.company import DEMO_PASSWORD
    from qsse.demo.seeding import seed_demo
    from qsse.nonconformities.models import Nonconformity
    from qsse.organization.models import Site

    result: dict[str, Any] = {"vendor": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["migrate_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    seed_demo()
    result["seed_demo_s"] = round(time.perf_counter() - started, 1)
    summary = seed_bulk(nonconformities=args.nonconformities, actions=args.actions, log=print)
    result["seed_bulk_s"] = round(summary.seconds, 1)
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
    }

    manager = Client()
    assert manager.login(username="claire.morel", password=DEMO_PASSWORD)
    contributor = Client()
    assert contributor.login(username="celine.mercier", password=DEMO_PASSWORD)  # team leader, Moulins only
    moulins = Site.objects.get(code="MOU")

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
    # (label, client, URLs, htmx request): a list page and, just after it, the panel it loads.
    pages = [
        ("NC list (QSSE manager, first page)", manager, [nc_list], False),
        ("↳ NC statistics panel, QSSE manager (htmx fragment)", manager, [nc_stats], True),
        ("NC list filtered (status open, site Moulins)", manager, [nc_list + moulins_open], False),
        (
            "↳ NC statistics panel, status open, site Moulins (htmx fragment)",
            manager,
            [nc_stats + moulins_open],
            True,
        ),
        ("NC list (contributor scoped to Moulins)", contributor, [nc_list], False),
        (
            "↳ NC statistics panel, contributor scoped to Moulins (htmx fragment)",
            contributor,
            [nc_stats],
            True,
        ),
        ("Action list (QSSE manager, all actions)", manager, [action_list], False),
        ("↳ Action progress figures, QSSE manager (htmx fragment)", manager, [action_stats], True),
        ("Action list (in progress, overdue)", manager, [action_list + overdue], False),
        (
            "↳ Action progress figures, in progress, overdue (htmx fragment)",
            manager,
            [action_stats + overdue],
            True,
        ),
        ("Action list (contributor scoped to Moulins)", contributor, [action_list], False),
        (
            "↳ Action progress figures, contributor scoped to Moulins (htmx fragment)",
            contributor,
            [action_stats],
            True,
        ),
        ("NC page (random NC with actions)", manager, detail_urls, False),
        ("Kanban board of actions", manager, [board], False),
        ("Kanban board (contributor scoped to Moulins)", contributor, [board], False),
    ]
    result["pages"] = []
    result["load_before"] = round(os.getloadavg()[0], 2)
    for label, client, urls, htmx in pages:
        measured = _time_page(client, urls, args.requests, HTMX if htmx else {})
        measured["label"] = label
        print(
            f"  {label}: p50 {measured['p50_ms']} ms, p95 {measured['p95_ms']} ms, "
            f"{measured['queries']} queries"
        )
        result["pages"].append(measured)
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
        "--requests", str(args.requests),
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
        f"**Target: p95 < {TARGET_P95_MS} ms per page** with 100,000 non-conformities and 300,000 actions.",
        "",
        "## Set-up",
        "",
        f"- Machine: {machine['cpus']} CPU(s), {machine['cpu']}, {machine['memory']} RAM, "
        f"{machine['system']}",
        f"- Python {machine['python']}, Django {machine['django']}",
        "- Databases: " + ", ".join(result["version"] for result in results),
        "- Data: the demo organisation (`seed_demo`) plus `seed_bulk --nonconformities "
        f"{args.nonconformities} --actions {args.actions}`, then `ANALYZE` (`VACUUM ANALYZE` on "
        "PostgreSQL, as autovacuum does after a bulk insert).",
    ]
    for result in results:
        rows = result["rows"]
        lines.append(
            f"- {result['version']}: {rows['nonconformities']:,} non-conformities, "
            f"{rows['actions']:,} actions "
            f"(migrate {result['migrate_s']} s, seed_demo {result['seed_demo_s']} s, "
            f"seed_bulk {result['seed_bulk_s']} s; 1-min load average {result['load_before']} before the "
            f"timings, {result['load_after']} after)"
        )
    for reason in skipped:
        lines.append(f"- Skipped: {reason}")
    lines += [
        f"- Method: Django test `Client` in-process (middleware, views, templates; no HTTP server), "
        f"{WARM_UP} warm-up requests then {args.requests} timed requests per page; "
        "queries = SQL queries of one request. Rows marked ↳ are the panels the page above loads in a "
        'second request (htmx, `hx-trigger="load"`), timed as htmx requests: the table shows before '
        "them. A load average above the number of CPUs means other work shared the machine during the "
        "timings. The time of a statement is that of its execution; on SQLite it runs until the first "
        "row, the rest being computed while the rows are fetched.",
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
    header += " Target met |"
    rule += ":---:|"
    lines += [header, rule]
    misses = []
    for index, page in enumerate(results[0]["pages"] if results else []):
        row = f"| {page['label']} |"
        met = True
        for result in results:
            measured = result["pages"][index]
            row += f" {measured['p50_ms']} | {measured['p95_ms']} | {measured['queries']} |"
            if measured["p95_ms"] >= TARGET_P95_MS:
                met = False
                misses.append(f"{page['label']} on {result['version']} (p95 {measured['p95_ms']} ms)")
        row += " yes |" if met else " **no** |"
        lines.append(row)
    lines += ["", "Pages measured (first URL of each):", ""]
    for page in results[0]["pages"] if results else []:
        lines.append(f"- {page['label']}: `{page['url']}`" + (" (htmx request)" if page.get("htmx") else ""))
    lines += ["", "## Pages over the target", ""]
    lines += [f"- {miss}" for miss in misses] or ["None."]
    lines += ["", "## Slowest SQL statement of each page", ""]
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
        "make bench BENCH_ARGS='--nonconformities 10000 --actions 30000 --requests 20'   # quicker",
        "make bench BENCH_ARGS='--skip-postgres'",
        "```",
        "",
        f"PostgreSQL is used when `{POSTGRES_URL}` is reachable (the `openqsse_bench` database is dropped "
        "and re-created; override with `OPENQSSE_BENCH_POSTGRES_URL`); otherwise it is skipped with the "
        "reason printed. The SQLite database lives in a temporary directory: the benchmark never touches "
        "`var/openqsse.sqlite3`. `seed_bulk` bypasses the services (no history, no events) for speed, so "
        "record pages of bulk records show empty history panels.",
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
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
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

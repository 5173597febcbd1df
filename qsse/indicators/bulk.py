"""Bulk measurements for the benchmark (``make bench``): many indicators and values, written fast.

``seed_bulk_measurements(1_000_000)`` creates 300 organisation-wide monthly indicators "BENCH-001"…
split by site, and spreads the values over their series (the organisation's and one per site),
month after month back from the current month: with 2 sites, 300 × 3 series × 1,112 months ≈ 1M.
The dashboard reads only the last 12 periods of each: the benchmark shows that the cost of a page does
not grow with the history. Writes go around the services on purpose (no history, no events): this is
test data, not records; they are plain INSERTs of tuples, in batches.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from . import calculations
from .choices import Direction, Domain
from .models import Indicator, Measurement

BATCH = 5_000
PREFIX = "BENCH-"


def _indicators(count: int, split: bool) -> list[Indicator]:
    domains = Domain.values
    existing = {i.code: i for i in Indicator.objects.filter(code__startswith=PREFIX)}
    new = []
    for number in range(1, count + 1):
        code = f"{PREFIX}{number:03d}"
        if code in existing:
            continue
        lower = number % 2 == 0
        new.append(
            Indicator(
                code=code,
                name=f"Indicateur de charge {number:03d}",
                domain=domains[number % len(domains)],
                direction=Direction.LOWER_IS_BETTER if lower else Direction.HIGHER_IS_BETTER,
                target=Decimal("50"),
                alert_threshold=Decimal("60") if lower else Decimal("40"),
                unit="u",
                is_split_by_site=split,
            )
        )
    Indicator.objects.bulk_create(new, batch_size=BATCH)
    return list(Indicator.objects.filter(code__startswith=PREFIX).order_by("code")[:count])


def seed_bulk_measurements(count: int, *, indicators: int = 300, today: date | None = None) -> dict[str, int]:
    """Insert about ``count`` measurements (rounded up to whole months) over ``indicators`` benchmark
    indicators; returns {"indicators": …, "series": …, "months": …, "measurements": …}.

    Periods already present are skipped (run it twice: nothing new), so the count is approximate
    when it is re-run with other shapes."""
    from qsse.organization.models import Site

    today = today or timezone.localdate()
    site_ids = list(Site.objects.order_by("code").values_list("pk", flat=True))
    items = _indicators(indicators, split=bool(site_ids))
    series_sites: list[int | None] = [None, *site_ids]
    months = max(1, math.ceil(count / (len(items) * len(series_sites))))
    current = calculations.period_start(today, "monthly")
    periods = [calculations.shift_period(current, "monthly", -offset) for offset in range(months)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    days = [connection.ops.adapt_datefield_value(period) for period in periods]
    # Plain INSERTs of tuples, BATCH rows per executemany: bulk_create built and prepared a model
    # instance per value, which took more than 3 minutes of CPU for 1,000,000 values.
    table = connection.ops.quote_name(Measurement._meta.db_table)
    columns = ("indicator_id", "site_id", "period_start", "value", "comment", "entered_at", "is_computed")
    sql = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        batch: list[tuple] = []
        for index, indicator in enumerate(items):
            if Measurement.objects.filter(indicator=indicator).exists():
                continue
            for site_id in series_sites:
                for offset, day in enumerate(days):
                    # A wavy series around the target: cheap, deterministic, never negative.
                    value = 50 + ((index * 7 + offset * 13 + (site_id or 0) * 3) % 41) - 20
                    batch.append((indicator.pk, site_id, day, value, "", now, False))
                    if len(batch) >= BATCH:
                        cursor.executemany(sql, batch)
                        written += len(batch)
                        batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return {
        "indicators": len(items),
        "series": len(items) * len(series_sites),
        "months": months,
        "measurements": written,
    }

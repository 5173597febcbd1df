"""Benchmark support for ``make bench``: ten years of accidents, near misses and hours worked on
every site, for the OHS dashboard (target p95 < 200 ms).

``seed_accident_history(years=10, per_site_month=8)`` writes, for each active site and each month
of the last ``years`` years, the hours worked (150 h × headcount) and ``per_site_month`` events
(by turn: one accident with lost time, two without, one commuting accident, four near misses), the
injured ones with a victim record and a seat of lesions, by bulk inserts (no history: a bulk
loader, like ``seed_bulk``). Then ANALYZE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from qsse.organization.models import Site

from . import calculations
from .choices import AccidentKind, AccidentStatus, LesionSeat
from .models import Accident, AccidentVictim, HoursWorked

CYCLE = (
    AccidentKind.LOST_TIME,
    AccidentKind.NO_LOST_TIME,
    AccidentKind.NEAR_MISS,
    AccidentKind.NO_LOST_TIME,
    AccidentKind.NEAR_MISS,
    AccidentKind.COMMUTING,
    AccidentKind.NEAR_MISS,
    AccidentKind.NEAR_MISS,
)
SEATS = [seat for seat, _label in LesionSeat.choices]


@dataclass(frozen=True)
class OhsBench:
    sites: int
    months: int
    events: int
    hours_rows: int


@transaction.atomic
def seed_accident_history(*, years: int = 10, per_site_month: int = 8, today: date | None = None) -> OhsBench:
    today = today or timezone.localdate()
    first = calculations.add_months(date(today.year, today.month, 1), -12 * years + 1)
    months = [calculations.add_months(first, offset) for offset in range(12 * years)]
    sites = list(Site.objects.filter(is_active=True).order_by("pk"))
    hours, accidents = [], []
    number = Accident.objects.count()
    for site in sites:
        headcount = max(site.headcount, 10)
        for month_index, month in enumerate(months):
            hours.append(
                HoursWorked(
                    site=site,
                    month=month,
                    hours=Decimal(150 * headcount),
                    average_headcount=Decimal(headcount),
                )
            )
            for event in range(per_site_month):
                number += 1
                kind = CYCLE[(month_index + event) % len(CYCLE)]
                day = 1 + (event * 3 + month_index) % 27
                accidents.append(
                    Accident(
                        reference=f"ACC-B-{number:07d}",
                        kind=kind,
                        occurred_at=timezone.make_aware(
                            datetime.combine(month.replace(day=day), time(9 + event))
                        ),
                        site=site,
                        place="Atelier",
                        title=f"Événement de charge {number}",
                        description="Faits de charge pour le banc d'essai.",
                        days_lost=(3 + number % 20) if kind == AccidentKind.LOST_TIME else 0,
                        status=AccidentStatus.REPORTED,
                    )
                )
    existing = set(HoursWorked.objects.filter(site__in=sites).values_list("site_id", "month"))
    HoursWorked.objects.bulk_create(
        [row for row in hours if (row.site_id, row.month) not in existing], batch_size=2000
    )
    Accident.objects.bulk_create(accidents, batch_size=2000)
    created = Accident.objects.filter(reference__startswith="ACC-B-", kind__in=[
        AccidentKind.LOST_TIME, AccidentKind.NO_LOST_TIME, AccidentKind.COMMUTING
    ]).values_list("pk", flat=True)  # fmt: skip
    AccidentVictim.objects.bulk_create(
        [AccidentVictim(accident_id=pk, lesion_seat=SEATS[pk % len(SEATS)]) for pk in created],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return OhsBench(sites=len(sites), months=len(months), events=len(accidents), hours_rows=len(hours))


def bench_urls() -> dict[str, str]:
    return {"dashboard": reverse("accidents:dashboard"), "register": reverse("accidents:accident_list")}

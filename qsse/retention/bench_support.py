"""Benchmark support for ``make bench``: a directory with tens of thousands of people who left over
ten years, and victim records naming them.

``seed_large_retention(user, people=…, victims=…)`` bulk-creates inactive people (their history row
dated at their departure, spread over the last 120 month-ends) and gives ``victims`` existing
victim records of the accident bench a victim and witnesses; ``time_purge`` flags and executes
the anonymisation of the people past retention and says how long it took.

URLs to time: ``bench_urls()``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as clock
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qsse.accidents.models import AccidentVictim
from qsse.core.bulk import bulk_insert_with_history
from qsse.organization.models import Person, Site

from . import services
from .calculations import add_months, end_of_month
from .models import RecordType


@dataclass(frozen=True)
class RetentionBench:
    people: int
    victims: int
    people_past: int
    flag_s: float
    purged: int
    purge_s: float


@transaction.atomic
def seed_large_retention(
    user: Any, *, people: int = 20_000, victims: int = 5_000, today: date | None = None
) -> int:
    """Create ``people`` inactive people and name some of them as victims; returns people created."""
    today = today or timezone.localdate()
    site = Site.objects.order_by("pk").first()
    month_ends = [end_of_month(add_months(today, -offset)) for offset in range(1, 121)]
    objs = [
        Person(
            first_name=f"Ancien{number}",
            last_name=f"Salarié{number}",
            email=f"ancien{number}@example.test",
            job_title="Opérateur",
            site=site,
            is_active=False,
        )
        for number in range(people)
    ]
    bulk_insert_with_history(Person, objs, history_user=user)
    versions = Person.history.model.objects
    for index, day in enumerate(month_ends):
        ids = [obj.pk for position, obj in enumerate(objs) if position % len(month_ends) == index]
        moment = timezone.make_aware(datetime.combine(day, clock(17)))
        versions.filter(id__in=ids).update(history_date=moment)
        Person.objects.filter(pk__in=ids).update(updated_at=moment)
    records = list(
        AccidentVictim.objects.filter(victim__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:victims]
    )
    for position, pk in enumerate(records):
        AccidentVictim.objects.filter(pk=pk).update(
            victim_id=objs[position % len(objs)].pk, witnesses="Témoin de l'atelier", lesion_details="Plaie"
        )
    return len(objs)


def time_purge(user: Any, today: date | None = None) -> RetentionBench:
    """Flag the people past retention, then anonymise them (one confirmed operation), timed."""
    today = today or timezone.localdate()
    record_type = RecordType.objects.get(code="former-people")
    started = time.perf_counter()
    operation = services.purge_flag(record_type=record_type, today=today)
    flag_s = time.perf_counter() - started
    flagged = operation.flagged_count if operation else 0
    started = time.perf_counter()
    done = services.purge_execute(user=user, operation=operation, today=today) if operation else None
    purge_s = time.perf_counter() - started
    return RetentionBench(
        people=Person.objects.filter(is_active=False).count(),
        victims=AccidentVictim.objects.filter(victim__isnull=False).count(),
        people_past=flagged,
        flag_s=round(flag_s, 2),
        purged=done.executed_count if done else 0,
        purge_s=round(purge_s, 2),
    )


def bench_urls() -> dict[str, str]:
    """The retention pages timed by ``make bench`` (administrator or QSSE manager)."""
    return {
        "schedule": reverse("retention:schedule"),
        "inventory": reverse("retention:inventory"),
        "purge_log": reverse("retention:purge_list"),
    }

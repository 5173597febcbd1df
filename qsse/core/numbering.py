"""Human reference numbers (``NC-2026-0042``), unique even under concurrent creation.

The counter row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers) inside
the caller's transaction, so two users creating at the same instant get consecutive numbers.
"""

from django.db import transaction

from .models import ReferenceCounter


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def next_reference(prefix: str, year: int) -> str:
    """Reserve and return the next reference for ``prefix`` and ``year``."""
    with transaction.atomic():
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(prefix=prefix, year=year, last_number=0)], ignore_conflicts=True
        )
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return format_reference(prefix, year, counter.last_number)

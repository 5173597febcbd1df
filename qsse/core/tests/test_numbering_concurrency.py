"""Two users creating at the same instant never get the same reference (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection, connections

from qsse.core.numbering import next_reference

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="runs in CI's PostgreSQL pass; SQLite serialises writers by design (one writer at a time)",
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_are_unique_and_consecutive():
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def reserve():
        try:
            barrier.wait()
            for _ in range(10):
                results.append(next_reference("NC", 2026))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [f"NC-2026-{n:04d}" for n in range(1, 81)]

from datetime import date

import pytest

from qsse.core.choices import Role

from .factories import make_former_person, make_victim_accident


@pytest.fixture(autouse=True)
def _record_types(request):
    """The shipped record types for the tests using the database (loaded after migrate; loaded
    again here, idempotently, in case the test database was flushed)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from qsse.retention.catalogue import load_record_types
    from qsse.retention.models import RecordType

    load_record_types(RecordType)


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def story(manager, site_a):
    """A temp worker who left on 30 June 2020 and cut his hand on 12 March 2019 (both past 5
    years on 25 November 2026); a worker who left on 15 January 2025 (not past) and her accident
    of 3 February 2024 (not past either)."""
    kevin = make_former_person(
        site_a,
        "Kévin",
        "Durand",
        hired_on=date(2018, 9, 3),
        left_on=date(2020, 6, 30),
        job_title="Intérimaire",
    )
    lea = make_former_person(site_a, "Léa", "Martin", hired_on=date(2021, 1, 4), left_on=date(2025, 1, 15))
    old = make_victim_accident(manager.user, site_a, kevin, on=date(2019, 3, 12))
    recent = make_victim_accident(manager.user, site_a, lea, on=date(2024, 2, 3))
    return {"kevin": kevin, "lea": lea, "old": old, "recent": recent}

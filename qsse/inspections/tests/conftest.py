import pytest
from django.utils import timezone

from qsse.core.choices import Role

from .. import services


@pytest.fixture(autouse=True)
def _catalogue(request):
    """The shipped catalogue for the tests using the database (loaded after migrate; loaded again
    here, idempotently, in case the test database was flushed). Pure tests stay without database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    services.catalogue_load()


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)


@pytest.fixture
def today():
    return timezone.localdate()

import pytest

from qsse.core.choices import Role

from ..models import EmissionFactor, EnergyCarrier
from ..reference_data import load_carriers


@pytest.fixture(autouse=True)
def _carriers(request):
    """The shipped carriers and factors for the tests using the database (loaded after migrate;
    loaded again here, idempotently, in case the test database was flushed)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    load_carriers(EnergyCarrier, EmissionFactor)


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)

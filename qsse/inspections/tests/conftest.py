import pytest
from django.utils import timezone

from qsse.core.choices import Role

from .. import services


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The shipped catalogue (loaded after migrate; loaded again here, idempotently, in case the
    test database was flushed)."""
    services.catalogue_load()


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)


@pytest.fixture
def today():
    return timezone.localdate()

import pytest

from qsse.core.choices import Role

from .. import services


@pytest.fixture(autouse=True)
def _nomenclature(request):
    """The shipped rubriques for database tests (put back idempotently in case the database was flushed)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    services.nomenclature_load()


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)

import pytest
from django.utils import timezone

from qsse.core.choices import Role

from .. import reference
from ..models import TreatmentCode, WasteCode, WasteHeading


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The list of waste and the treatment codes for the tests using the database (loaded after
    migrate; loaded again here, idempotently, in case the test database was flushed)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    if not WasteCode.objects.exists() or not TreatmentCode.objects.exists():
        reference.load(WasteHeading, WasteCode, TreatmentCode)


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)


@pytest.fixture
def today():
    return timezone.localdate()

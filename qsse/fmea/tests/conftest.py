import pytest

from qsse.core.choices import Role


@pytest.fixture
def manager(member, site_a):
    """A QSSE manager (every right on the FMEA module)."""
    return member(Role.QSSE_MANAGER, username="manager")

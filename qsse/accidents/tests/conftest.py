import pytest

from qsse.core.choices import Role


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, username="manager", all_sites=True)


@pytest.fixture
def reader(member, site_a):
    return member(Role.READER, site=site_a, username="reader")

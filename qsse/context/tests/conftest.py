import pytest

from qsse.core.choices import Role

from .factories import make_matrix, make_process


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def process(manager):
    return make_process(manager.user, owner=manager)


@pytest.fixture
def matrix(manager):
    return make_matrix(manager.user)

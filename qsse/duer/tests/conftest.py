import pytest

from qsse.core.choices import Role

from .factories import make_duer, make_unit


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)


@pytest.fixture
def unit(site_a):
    return make_unit(site_a)


@pytest.fixture
def duer(manager):
    return make_duer(manager.user, manager)

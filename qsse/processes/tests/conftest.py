"""Fixtures of the process map tests: data is built through the real services."""

import pytest

from qsse.core.choices import Role
from qsse.processes import services


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def make_process(manager):
    """``make_process(code, kind="realisation", owner=None, **fields)`` through ``process_create``."""

    def build(code, kind="realisation", owner=None, name=None, **fields):
        return services.process_create(
            user=manager.user, code=code, name=name or f"Process {code}", kind=kind, owner=owner, **fields
        )

    return build

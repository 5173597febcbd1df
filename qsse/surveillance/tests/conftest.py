from datetime import date

import pytest
from django.utils import timezone

from qsse.core.choices import Role

from .factories import make_matrix, make_plan, make_point, make_process, make_risk


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True)


@pytest.fixture
def process(manager):
    return make_process(manager.user)


@pytest.fixture
def risk(manager, process, site_a):
    make_matrix(manager.user)
    # Probable (3) × Grave (3) = 9: "Élevé" on the 4×4 scale (8–11).
    return make_risk(
        manager.user, process, title="Dérive du bain d'anodisation", probability=3, impact=3, site=site_a
    )


@pytest.fixture
def plan(manager, site_a, process):
    return make_plan(manager.user, manager, site_a, process)


@pytest.fixture
def point(manager, plan, risk):
    return make_point(manager.user, plan, manager, risk=risk)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def a_day():
    return date(2026, 1, 12)

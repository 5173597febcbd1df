from datetime import date

import pytest

from qsse.core.choices import Role
from qsse.environment import services


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True, username="manager")


@pytest.fixture
def analysis(manager, site_a):
    return services.analysis_create(
        user=manager.user,
        title="Analyse environnementale Montluçon",
        site=site_a,
        owner=manager,
        analysed_on=date(2026, 3, 2),
    )


@pytest.fixture
def activity(manager, analysis):
    return services.activity_create(user=manager.user, analysis=analysis, name="Usinage CN")


def make_aspect(user, activity, **fields):
    values = {
        "aspect": "Rejet d'émulsion de coupe usagée",
        "impact": "Pollution de l'eau",
        "compartment": "water",
        "condition": "normal",
        "severity": 3,
        "frequency": 4,
        "control": 2,
    }
    values.update(fields)
    return services.aspect_create(user=user, activity=activity, **values)

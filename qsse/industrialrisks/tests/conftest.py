from datetime import date

import pytest

from qsse.core.choices import Role
from qsse.industrialrisks import services


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, all_sites=True, username="manager")


def make_phenomenon(user, site, owner, **fields):
    values = {
        "installation": "Cabine de peinture",
        "kind": "fire",
        "title": "Incendie de la cabine de peinture",
        "scenario": "Inflammation des vapeurs de solvant au pistolet.",
        "probability": 3,
        "gravity": 4,
        "owner": owner,
    }
    values.update(fields)
    title = values.pop("title")
    return services.phenomenon_create(user=user, site=site, title=title, **values)


@pytest.fixture
def phenomenon(manager, site_a):
    return make_phenomenon(manager.user, site_a, manager)


@pytest.fixture
def plan(manager, site_a):
    return services.plan_create(
        user=manager.user,
        site=site_a,
        title="Plan d'urgence – Montluçon",
        revised_on=date(2026, 1, 15),
        owner=manager,
        alert_procedure="Le témoin déclenche l'alarme et appelle le 18.",
        assembly_point="Parking visiteurs",
    )

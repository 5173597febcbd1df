"""Test data of the DUER app, built through the real services."""

from __future__ import annotations

from typing import Any

from qsse.context import services as context_services
from qsse.organization.tests.factories import WorkUnitFactory

from .. import services
from ..models import HazardFamily

LEVELS_4X4 = [
    {"name": "Faible", "min_score": 1, "colour": "#2e7d32", "is_significant": False},
    {"name": "Modéré", "min_score": 4, "colour": "#ffc107", "is_significant": False},
    {"name": "Élevé", "min_score": 8, "colour": "#fd7e14", "is_significant": True},
    {"name": "Critique", "min_score": 12, "colour": "#c62828", "is_significant": True},
]


def make_matrix(user: Any):
    return context_services.matrix_save(
        user=user,
        name="DUER P × G",
        rows=4,
        cols=4,
        levels=LEVELS_4X4,
        row_labels=["Rare", "Possible", "Probable", "Très probable"],
        col_labels=["Mineure", "Modérée", "Grave", "Très grave"],
        is_active=True,
        usage="duer",
    )


def family(name: str) -> HazardFamily:
    return HazardFamily.objects.get(name=name)


def make_unit(site: Any, name: str = "Atelier d'usinage", headcount: int = 42):
    return WorkUnitFactory(site=site, name=name, headcount=headcount)


def make_duer(user: Any, owner: Any, site: Any = None, title: str = "Document unique – MBP"):
    return services.duer_create(user=user, title=title, owner=owner, site=site)


def make_hazard(user: Any, duer: Any, unit: Any, **fields: Any):
    values = {
        "family": family("Nuisances sonores"),
        "sub_danger": "",
        "situation": "Bruit des centres d'usinage",
        "exposed_count": 10,
        "existing_measures": "Bouchons d'oreille",
        "probability": 3,
        "gravity": 3,
        "control_level": 2,
    }
    values.update(fields)
    return services.hazard_create(user=user, duer=duer, work_unit=unit, **values)

"""Test data of the surveillance app, built through the real services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from qsse.context import services as context_services
from qsse.processes import services as process_services

from .. import services

LEVELS_4X4 = [
    {"name": "Faible", "min_score": 1, "colour": "#2e7d32", "is_significant": False},
    {"name": "Modéré", "min_score": 4, "colour": "#ffc107", "is_significant": False},
    {"name": "Élevé", "min_score": 8, "colour": "#fd7e14", "is_significant": True},
    {"name": "Critique", "min_score": 12, "colour": "#c62828", "is_significant": True},
]


def make_matrix(user: Any):
    return context_services.matrix_save(
        user=user,
        name="P × G",
        rows=4,
        cols=4,
        levels=LEVELS_4X4,
        row_labels=["Rare", "Possible", "Probable", "Quasi certain"],
        col_labels=["Mineure", "Significative", "Grave", "Catastrophique"],
        is_active=True,
    )


def make_process(user: Any, code: str = "REA-06", name: str = "Traitement de surface"):
    return process_services.process_create(user=user, code=code, name=name, kind="realisation")


def make_risk(user: Any, process: Any, *, title: str, probability: int, impact: int, site: Any = None):
    return context_services.risk_opportunity_create(
        user=user,
        kind="risk",
        title=title,
        process=process,
        probability=probability,
        impact=impact,
        site=site,
    )


def make_plan(user: Any, owner: Any, site: Any, process: Any = None, title: str = "Plan bain"):
    return services.plan_create(user=user, title=title, owner=owner, site=site, process=process)


def make_point(user: Any, plan: Any, responsible: Any, **fields: Any):
    values = {
        "reference": "AN-02",
        "what": "Température du bain",
        "method": "Thermomètre étalonné",
        "next_due_on": date(2026, 1, 5),
        "interval_unit": "week",
        "interval_count": 1,
        "minimum": Decimal("18"),
        "maximum": Decimal("22"),
        "unit": "°C",
        "record_to_keep": "FE-TS-12",
    }
    values.update(fields)
    return services.control_point_create(user=user, plan=plan, responsible=responsible, **values)

"""Test data built through the real services."""

from __future__ import annotations

from typing import Any

from qsse.processes import services as process_services

from .. import services

# The demo scale: Faible 1–3, Modéré 4–7, Élevé 8–11 (significant), Critique 12–16 (significant).
LEVELS_4X4 = [
    {"name": "Faible", "min_score": 1, "colour": "#2e7d32", "is_significant": False},
    {"name": "Modéré", "min_score": 4, "colour": "#ffc107", "is_significant": False},
    {"name": "Élevé", "min_score": 8, "colour": "#fd7e14", "is_significant": True},
    {"name": "Critique", "min_score": 12, "colour": "#c62828", "is_significant": True},
]


def make_matrix(
    user: Any, *, rows: int = 4, cols: int = 4, levels=None, is_active: bool = True, name="P × G"
):
    return services.matrix_save(
        user=user,
        name=name,
        rows=rows,
        cols=cols,
        levels=levels or LEVELS_4X4,
        row_labels=["Rare", "Possible", "Probable", "Quasi certain"][:rows],
        col_labels=["Mineure", "Significative", "Grave", "Catastrophique"][:cols],
        is_active=is_active,
    )


def make_process(user: Any, code: str = "REA-05", name: str = "Usinage", owner: Any = None):
    return process_services.process_create(user=user, code=code, name=name, kind="realisation", owner=owner)


def make_risk(
    user: Any, process: Any, *, probability: int = 2, impact: int = 2, kind: str = "risk", **fields
):
    fields.setdefault("title", "Dérive du bain d'anodisation")
    return services.risk_opportunity_create(
        user=user, kind=kind, process=process, probability=probability, impact=impact, **fields
    )

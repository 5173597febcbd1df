"""Test data of the FMEA module, built through the services."""

from __future__ import annotations

from typing import Any

from qsse.fmea import services
from qsse.fmea.calculations import ApRule

# A small synthetic table (NOT the AIAG-VDA table) that covers the 1,000 combinations once:
# O = 1 → L; O ≥ 2 and S 9–10 → H; O ≥ 2, S 1–8 and D 7–10 → M; otherwise L.
SYNTHETIC_RULES = (
    ApRule(1, 10, 1, 1, 1, 10, "L"),
    ApRule(9, 10, 2, 10, 1, 10, "H"),
    ApRule(1, 8, 2, 10, 7, 10, "M"),
    ApRule(1, 8, 2, 10, 1, 6, "L"),
)

LINE = {
    "process_step": "OP20 Tournage finition",
    "failure_mode": "Diamètre Ø42 hors tolérance",
    "effect": "Montage impossible chez le client",
    "severity": 7,
    "cause": "Usure de la plaquette",
    "prevention_controls": "Changement d'outil toutes les 200 pièces",
    "occurrence": 5,
    "detection_controls": "Autocontrôle 1 pièce sur 20",
    "detection": 6,
}


def load_synthetic_table(user: Any):
    return services.ap_table_import(user=user, name="Table d'essai", rules=SYNTHETIC_RULES)


def make_fmea(user: Any, site=None, **fields: Any):
    return services.fmea_create(user=user, title="AMDEC usinage carter", kind="process", site=site, **fields)


def add_line(user: Any, fmea, **fields: Any):
    return services.line_create(user=user, fmea=fmea, **{**LINE, **fields})

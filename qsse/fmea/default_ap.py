"""The action-priority table shipped with OpenQSSE: the AIAG-VDA FMEA Handbook (2019) table for
DFMEA and PFMEA, kept as data in ``data/aiag_vda_2019_action_priority.csv`` (sources compared in
``data/SOURCE.md``). Read without Django so that the data migration and the tests can use it."""

from __future__ import annotations

import csv
from pathlib import Path

from .calculations import ApRule

DEFAULT_AP_TABLE_PATH = Path(__file__).resolve().parent / "data" / "aiag_vda_2019_action_priority.csv"
DEFAULT_AP_TABLE_NAME = "AIAG-VDA 2019 – DFMEA / PFMEA"
DEFAULT_AP_TABLE_SOURCE = (
    "AIAG & VDA FMEA Handbook, 1st edition (2019), Table AP – Action Priority for DFMEA and PFMEA; "
    "shipped with OpenQSSE (qsse/fmea/data/SOURCE.md)."
)
COLUMNS = (
    "severity_min",
    "severity_max",
    "occurrence_min",
    "occurrence_max",
    "detection_min",
    "detection_max",
    "priority",
)


def read_default_rules(path: Path = DEFAULT_AP_TABLE_PATH) -> list[ApRule]:
    """The rules of the shipped table, in file order (comment lines starting with # skipped)."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    rules = []
    for row in csv.DictReader(lines):
        values = [int(row[name]) for name in COLUMNS[:-1]]
        rules.append(ApRule(*values, row["priority"].strip().upper()))  # type: ignore[arg-type]
    return rules

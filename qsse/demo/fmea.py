"""Demo data of the fmea module: the story of MBP (see docs of the demo organisation)."""

from __future__ import annotations

from datetime import date
from typing import Any


def seed_fmea(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the fmea records of the demo organisation; returns counts by kind for the summary."""
    return {}

"""The shipped hazard families (data/digirisk_danger_categories.csv, valid rows only), loaded by the
data migration and put back after a ``migrate`` or ``flush`` that left none (see apps.py)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "digirisk_danger_categories.csv"


def load_families(family_model) -> None:
    """Create or refresh the shipped families with ``family_model`` (the real model, or the
    historical one a migration passes); idempotent."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["status"] == "valid"]
    for order, row in enumerate(rows, start=1):
        sub_dangers = "\n".join(part.strip() for part in row["sub_dangers_fr"].split("|") if part.strip())
        family_model.objects.update_or_create(
            name=row["category_fr"],
            defaults={"sub_dangers": sub_dangers, "order": order * 10, "is_builtin": True, "is_active": True},
        )

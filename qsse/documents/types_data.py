"""The shipped document types (data/document_types.csv), loaded by the data migration and put back
after a ``migrate`` or ``flush`` that left none (see apps.py)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "document_types.csv"


def load_types(type_model=None) -> dict[str, int]:
    """Create the shipped types, refresh their names (a local prefix, digits or review interval is
    kept); idempotent. ``type_model`` is the historical model a migration passes."""
    if type_model is None:
        from .models import DocumentType as type_model
    created = updated = 0
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            existing = type_model.objects.filter(code=row["code"]).first()
            if existing is None:
                type_model.objects.create(
                    code=row["code"],
                    name_fr=row["name_fr"],
                    name_en=row["name_en"],
                    prefix=row["prefix"],
                    code_source=row["code_source"],
                    number_digits=int(row["number_digits"]),
                    review_months=int(row["review_months"]),
                    position=int(row["position"]),
                    is_written=row["is_written"] == "1",
                    is_shipped=True,
                )
                created += 1
            elif (existing.name_fr, existing.name_en) != (row["name_fr"], row["name_en"]):
                existing.name_fr, existing.name_en = row["name_fr"], row["name_en"]
                existing.save(update_fields=["name_fr", "name_en"])
                updated += 1
    return {"created": created, "updated": updated}

"""The shipped energy carriers and emission factors (data/energy_carriers.yaml), loaded by the data
migration and put back after a ``migrate`` or ``flush`` that left none (see apps.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "energy_carriers.yaml"


def shipped_carriers() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["carriers"]


def load_carriers(carrier_model, factor_model) -> None:
    """Create the shipped carriers and their factors when missing, with the real models or the
    historical ones a migration passes; idempotent, and never overwrites a value the user edited."""
    for row in shipped_carriers():
        carrier, _created = carrier_model.objects.get_or_create(
            code=row["code"],
            defaults={
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "scope": row["scope"],
                "unit": row["unit"],
                "kwh_per_unit": Decimal(row["kwh_per_unit"]),
                "conversion_valid_from": row["conversion_valid_from"],
                "conversion_source": row.get("conversion_source", ""),
                "conversion_source_url": row.get("conversion_source_url", ""),
                "conversion_to_verify": row.get("conversion_to_verify", False),
                "note": row.get("note", ""),
                "order": row.get("order", 100),
                "is_shipped": True,
            },
        )
        for factor in row.get("factors", []):
            factor_model.objects.get_or_create(
                carrier=carrier,
                valid_from=factor["valid_from"],
                defaults={
                    "kg_co2e_per_kwh": Decimal(factor["kg_co2e_per_kwh"]),
                    "version": factor.get("version", ""),
                    "source": factor["source"],
                    "source_url": factor.get("source_url", ""),
                    "to_verify": factor.get("to_verify", True),
                    "note": factor.get("note", ""),
                    "is_shipped": True,
                },
            )

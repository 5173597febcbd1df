"""The shipped record types (``data/record_types.yaml``), loaded by the data migration and put back
after a ``migrate`` or ``flush`` that left them out (see apps.py). An entry already in the database
is left as the organisation edited it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "record_types.yaml"
FORMAT = "openqsse.retention-record-types"
_ACTIONS = {"destroy", "anonymise", "archive"}
_EVENTS = {"creation", "event", "closure", "end_of_employment", "end_of_exposure", "last_contact", "issue"}
_ROUNDINGS = {"none", "end_of_month", "end_of_year"}


def read_entries(path: Path = DATA) -> list[dict[str, Any]]:
    """The entries of the file, checked; raises ValueError naming the entry and field at fault."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"{path.name}: not an {FORMAT} file")
    entries = document.get("record_types") or []
    codes: set[str] = set()
    for entry in entries:
        code = entry.get("code")
        if not code or code in codes:
            raise ValueError(f"record type {code!r}: missing or duplicate code")
        codes.add(code)
        if entry.get("end_action") not in _ACTIONS:
            raise ValueError(f"record type {code}: end_action")
        if entry.get("counted_from") not in _EVENTS:
            raise ValueError(f"record type {code}: counted_from")
        if entry.get("rounding", "none") not in _ROUNDINGS:
            raise ValueError(f"record type {code}: rounding")
        years, months = entry.get("years", 0), entry.get("months", 0)
        if not (isinstance(years, int) and isinstance(months, int) and 0 <= months <= 11 and years >= 0):
            raise ValueError(f"record type {code}: years/months")
        if not years and not months:
            raise ValueError(f"record type {code}: empty period")
    return entries


def load_record_types(record_type_model) -> int:
    """Create the shipped record types missing from the database with ``record_type_model`` (the
    real model or the one a migration passes); returns how many were created."""
    created = 0
    for entry in read_entries():
        _obj, was_created = record_type_model.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name_fr": entry["name_fr"],
                "name_en": entry.get("name_en", ""),
                "provider_key": entry.get("provider") or "",
                "period_years": entry.get("years", 0),
                "period_months": entry.get("months", 0),
                "reference_event": entry["counted_from"],
                "rounding": entry.get("rounding", "none"),
                "end_action": entry["end_action"],
                "legal_basis": (entry.get("legal_basis") or "").strip(),
                "legal_reference": entry.get("legal_reference", ""),
                "source_url": entry.get("source_url", ""),
                "to_verify": bool(entry.get("to_verify", False)),
                "is_shipped": True,
                "is_active": True,
            },
        )
        created += was_created
    return created

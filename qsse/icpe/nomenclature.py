"""Reading the shipped nomenclature file (``data/fr_icpe_nomenclature.yaml``) and loading it.

``load_nomenclature`` takes the model classes so that the data migration (historical models) and the
post-migrate hook share it. It only adds the rubriques missing from the database: a shipped
rubrique the organisation corrected keeps its values (and their history)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from . import calculations

FORMAT = "openqsse.icpe-nomenclature"
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "fr_icpe_nomenclature.yaml"
UNITS = {"MW", "kW", "m3", "t", "kg", "kg/d", "t/d", "l", "m2", "unit"}
FIELDS = {
    "code",
    "title_fr",
    "title_en",
    "quantity_fr",
    "quantity_en",
    "unit",
    "hazard_groups",
    "seveso_low",
    "seveso_high",
    "thresholds",
    "source_url",
    "source_note",
    "to_verify",
    "note",
}


class NomenclatureError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ThresholdEntry:
    regime: str
    value: Decimal
    inclusive: bool
    alinea: str
    wording: str


@dataclass(frozen=True)
class RubriqueEntry:
    code: str
    title_fr: str
    title_en: str
    quantity_fr: str
    quantity_en: str
    unit: str
    hazard_groups: frozenset[str]
    seveso_low: Decimal | None
    seveso_high: Decimal | None
    thresholds: tuple[ThresholdEntry, ...]
    source_url: str
    source_note: str
    to_verify: bool
    note: str


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def parse(text: str) -> tuple[RubriqueEntry, ...]:
    """The entries of ``text``; raises NomenclatureError listing every problem found."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NomenclatureError([f"format: expected {FORMAT!r}"])
    errors: list[str] = []
    entries: list[RubriqueEntry] = []
    codes: set[str] = set()
    for index, raw in enumerate(data.get("rubriques") or []):
        code = str(raw.get("code") or "")
        where = f"rubriques #{index + 1} ({code})"
        if set(raw) - FIELDS:
            errors.append(f"{where}: unknown fields {sorted(set(raw) - FIELDS)}")
        if not code or code in codes:
            errors.append(f"{where}: code missing or repeated")
        codes.add(code)
        if raw.get("unit") not in UNITS:
            errors.append(f"{where}: unit must be one of {sorted(UNITS)}")
        groups = frozenset(raw.get("hazard_groups") or [])
        if groups - set(calculations.HAZARD_GROUPS):
            errors.append(f"{where}: unknown hazard group")
        thresholds: list[ThresholdEntry] = []
        for item in raw.get("thresholds") or []:
            value = _decimal(item.get("value"))
            if value is None or not isinstance(item.get("inclusive"), bool):
                errors.append(f"{where}: a threshold needs a number and inclusive true/false")
                continue
            thresholds.append(
                ThresholdEntry(
                    str(item.get("regime")),
                    value,
                    item["inclusive"],
                    str(item.get("alinea") or ""),
                    str(item.get("wording") or ""),
                )
            )
        rule_errors = calculations.threshold_errors(
            calculations.Threshold(t.regime, t.value, t.inclusive) for t in thresholds
        )
        errors.extend(f"{where}: {message}" for message in rule_errors)
        low, high = _decimal(raw.get("seveso_low")), _decimal(raw.get("seveso_high"))
        errors.extend(f"{where}: {message}" for message in calculations.seveso_errors(low, high))
        if (low is not None or high is not None) and not groups:
            errors.append(f"{where}: Seveso thresholds need a hazard group")
        if not isinstance(raw.get("to_verify"), bool):
            errors.append(f"{where}: to_verify must be true or false")
        if raw.get("to_verify") and not raw.get("note"):
            errors.append(f"{where}: an entry to verify needs a note")
        if not raw.get("source_url") or not str(raw["source_url"]).startswith("https://"):
            errors.append(f"{where}: source_url must be an https address")
        entries.append(
            RubriqueEntry(
                code=code,
                title_fr=str(raw.get("title_fr") or ""),
                title_en=str(raw.get("title_en") or ""),
                quantity_fr=str(raw.get("quantity_fr") or ""),
                quantity_en=str(raw.get("quantity_en") or ""),
                unit=str(raw.get("unit") or ""),
                hazard_groups=groups,
                seveso_low=low,
                seveso_high=high,
                thresholds=tuple(thresholds),
                source_url=str(raw.get("source_url") or ""),
                source_note=str(raw.get("source_note") or "").strip(),
                to_verify=bool(raw.get("to_verify")),
                note=str(raw.get("note") or "").strip(),
            )
        )
    if errors:
        raise NomenclatureError(errors)
    return tuple(entries)


def shipped() -> tuple[RubriqueEntry, ...]:
    return parse(SHIPPED_FILE.read_text(encoding="utf-8"))


def load_nomenclature(rubrique_model: Any, threshold_model: Any) -> int:
    """Create the shipped rubriques missing from the database, with their thresholds; idempotent.
    Returns how many were created."""
    existing = set(rubrique_model.objects.values_list("code", flat=True))
    created = 0
    for entry in shipped():
        if entry.code in existing:
            continue
        rubrique = rubrique_model.objects.create(
            code=entry.code,
            title_fr=entry.title_fr,
            title_en=entry.title_en,
            quantity_fr=entry.quantity_fr,
            quantity_en=entry.quantity_en,
            unit=entry.unit,
            is_health_hazard="health" in entry.hazard_groups,
            is_physical_hazard="physical" in entry.hazard_groups,
            is_environment_hazard="environment" in entry.hazard_groups,
            seveso_low=entry.seveso_low,
            seveso_high=entry.seveso_high,
            source_url=entry.source_url,
            source_note=entry.source_note,
            to_verify=entry.to_verify,
            note=entry.note,
            is_shipped=True,
        )
        threshold_model.objects.bulk_create(
            threshold_model(
                rubrique=rubrique,
                regime=t.regime,
                value=t.value,
                is_inclusive=t.inclusive,
                alinea=t.alinea,
                wording=t.wording,
            )
            for t in entry.thresholds
        )
        created += 1
    return created

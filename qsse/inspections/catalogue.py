"""Reading the catalogue file of periodic inspections (``data/fr_periodic_inspections.yaml``) and
checking it against the schema documented in docs/inspections.md. A file with any error is refused
as a whole; every error names its entry and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .choices import Inspector
from .models import MAX_PERIODICITY_MONTHS

FORMAT = "openqsse.periodic-inspections"
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "fr_periodic_inspections.yaml"
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
KIND_FIELDS = {"code", "name_fr", "name_en"}
TYPE_FIELDS = {
    "code",
    "kind",
    "title_fr",
    "title_en",
    "periodicity_months",
    "adjustment",
    "legal_text",
    "legal_article",
    "source_url",
    "inspector",
    "to_verify",
    "note",
}
ADJUSTMENT_FIELDS = {"max_periodicity_months", "conditions_fr", "conditions_en"}


class CatalogueError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class KindEntry:
    code: str
    name_fr: str
    name_en: str


@dataclass(frozen=True)
class TypeEntry:
    code: str
    kind: str
    title_fr: str
    title_en: str
    periodicity_months: int
    max_periodicity_months: int | None
    adjustment_fr: str
    adjustment_en: str
    legal_text: str
    legal_article: str
    source_url: str
    inspector: str
    to_verify: bool
    note: str


@dataclass(frozen=True)
class Catalogue:
    version: str
    kinds: tuple[KindEntry, ...]
    types: tuple[TypeEntry, ...]


def _months(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_PERIODICITY_MONTHS


def parse(text: str) -> Catalogue:
    """The catalogue in ``text``; raises CatalogueError listing every problem found."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogueError([f"YAML: {error}"]) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CatalogueError([f"format: expected {FORMAT!r}"])
    errors: list[str] = []
    kinds: list[KindEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("kinds") or []):
        where = f"kinds #{index + 1}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: not a mapping")
            continue
        unknown = set(raw) - KIND_FIELDS
        if unknown:
            errors.append(f"{where}: unknown fields {sorted(unknown)}")
        code = str(raw.get("code") or "")
        if not CODE_PATTERN.match(code) or code in seen:
            errors.append(f"{where}: code {code!r} missing, malformed or repeated")
        if not raw.get("name_fr"):
            errors.append(f"{where} ({code}): name_fr missing")
        seen.add(code)
        kinds.append(KindEntry(code, str(raw.get("name_fr") or ""), str(raw.get("name_en") or "")))
    types: list[TypeEntry] = []
    type_codes: set[str] = set()
    for index, raw in enumerate(data.get("types") or []):
        where = f"types #{index + 1}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: not a mapping")
            continue
        code = str(raw.get("code") or "")
        where = f"{where} ({code})"
        unknown = set(raw) - TYPE_FIELDS
        if unknown:
            errors.append(f"{where}: unknown fields {sorted(unknown)}")
        if not CODE_PATTERN.match(code) or code in type_codes:
            errors.append(f"{where}: code missing, malformed or repeated")
        type_codes.add(code)
        if raw.get("kind") not in seen:
            errors.append(f"{where}: kind {raw.get('kind')!r} is not declared under kinds")
        if not raw.get("title_fr"):
            errors.append(f"{where}: title_fr missing")
        if not _months(raw.get("periodicity_months")):
            errors.append(f"{where}: periodicity_months must be a whole number of months (1 to 240)")
        adjustment = raw.get("adjustment") or {}
        if not isinstance(adjustment, dict) or set(adjustment) - ADJUSTMENT_FIELDS:
            errors.append(f"{where}: adjustment must be a mapping of {sorted(ADJUSTMENT_FIELDS)}")
            adjustment = {}
        maximum = adjustment.get("max_periodicity_months")
        if maximum is not None and (
            not _months(maximum)
            or (_months(raw.get("periodicity_months")) and maximum < raw["periodicity_months"])
        ):
            errors.append(f"{where}: adjustment.max_periodicity_months must not be below periodicity_months")
        if raw.get("inspector") not in Inspector.values:
            errors.append(f"{where}: inspector must be one of {Inspector.values}")
        if not isinstance(raw.get("to_verify"), bool):
            errors.append(f"{where}: to_verify must be true or false")
        if raw.get("to_verify") is True and not raw.get("note"):
            errors.append(f"{where}: an entry to verify needs a note saying what is not confirmed")
        if raw.get("to_verify") is False and not (raw.get("legal_text") and raw.get("source_url")):
            errors.append(f"{where}: a confirmed entry needs legal_text and source_url")
        url = str(raw.get("source_url") or "")
        if url and not url.startswith("https://"):
            errors.append(f"{where}: source_url must be an https address")
        types.append(
            TypeEntry(
                code=code,
                kind=str(raw.get("kind") or ""),
                title_fr=str(raw.get("title_fr") or ""),
                title_en=str(raw.get("title_en") or ""),
                periodicity_months=raw.get("periodicity_months") or 0,
                max_periodicity_months=maximum,
                adjustment_fr=str(adjustment.get("conditions_fr") or "").strip(),
                adjustment_en=str(adjustment.get("conditions_en") or "").strip(),
                legal_text=str(raw.get("legal_text") or ""),
                legal_article=str(raw.get("legal_article") or ""),
                source_url=url,
                inspector=str(raw.get("inspector") or ""),
                to_verify=bool(raw.get("to_verify")),
                note=str(raw.get("note") or "").strip(),
            )
        )
    if errors:
        raise CatalogueError(errors)
    return Catalogue(str(data.get("version") or ""), tuple(kinds), tuple(types))


def shipped() -> Catalogue:
    return parse(SHIPPED_FILE.read_text(encoding="utf-8"))

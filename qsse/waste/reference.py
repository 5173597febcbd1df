"""Reading the reference lists shipped in ``data/`` (see data/SOURCE.md), and loading them into the
database: by the data migration (with its historical models) and after every ``migrate`` or
``flush`` that left them missing (apps.py). Idempotent."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

from . import calculations

DATA = Path(__file__).resolve().parent / "data"
ENTRY_TYPES = {
    "Absolute hazardous": "absolute_hazardous",
    "Mirror hazardous": "mirror_hazardous",
    "Mirror non-hazardous": "mirror_non_hazardous",
    "Absolute non-hazardous": "absolute_non_hazardous",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def inert_codes() -> dict[str, str]:
    """Inert codes → restriction (arrêté du 12 décembre 2014, annexe I)."""
    return {row["code"]: row["restriction_fr"] for row in _rows("inert_codes.csv")}


@cache
def sorting_obligations() -> tuple[calculations.SortingObligation, ...]:
    return tuple(
        calculations.SortingObligation(
            flow=row["flow"],
            label_fr=row["label_fr"],
            label_en=row["label_en"],
            since=date.fromisoformat(row["since"]),
            legal_basis=row["legal_basis"],
            source_url=row["source_url"],
            to_verify=row["to_verify"] == "true",
            note=row["note"],
        )
        for row in _rows("sorting_obligations.csv")
    )


def load(heading_model, code_model, treatment_model) -> None:
    """Create or refresh the headings, the 842 codes and the 28 treatment codes with the given
    models (the real ones, or the historical ones a migration passes)."""
    inert = frozenset(inert_codes())
    headings = {row["code"]: row for row in _rows("list_of_waste_headings_fr_en.csv")}
    existing = {heading.code: heading for heading in heading_model.objects.all()}
    new = []
    for code, row in headings.items():
        values = {"level": int(row["level"]), "title_fr": row["title_fr"], "title_en": row["title_en"]}
        if code in existing:
            heading = existing[code]
            if any(getattr(heading, name) != value for name, value in values.items()):
                heading_model.objects.filter(pk=heading.pk).update(**values)
        else:
            new.append(heading_model(code=code, **values))
    heading_model.objects.bulk_create(new)
    titles = {code: row for code, row in headings.items()}
    existing_codes = {code.code: code for code in code_model.objects.all()}
    new_codes = []
    for row in _rows("list_of_waste_fr_en.csv"):
        code = row["code"]
        is_hazardous = row["hazardous"] == "1"
        chapter, subchapter = titles[row["chapter"]], titles[row["subchapter"]]
        values = {
            "display": calculations.display_code(code, is_hazardous),
            "chapter": row["chapter"],
            "subchapter": row["subchapter"],
            "label_fr": row["description_fr"],
            "label_en": row["description_en"],
            "is_hazardous": is_hazardous,
            "is_mirror": row["uk_entry_type"].startswith("Mirror"),
            "entry_type": ENTRY_TYPES[row["uk_entry_type"]],
            "category": calculations.waste_category(code, is_hazardous, inert),
            "search_text": calculations.search_key(
                " ".join(
                    (
                        code,
                        row["description_fr"],
                        row["description_en"],
                        subchapter["title_fr"],
                        chapter["title_fr"],
                    )
                )
            ),
        }
        if code in existing_codes:
            current = existing_codes[code]
            if any(getattr(current, name) != value for name, value in values.items()):
                code_model.objects.filter(pk=current.pk).update(**values)
        else:
            new_codes.append(code_model(code=code, **values))
    code_model.objects.bulk_create(new_codes, batch_size=500)
    existing_treatments = {item.code: item for item in treatment_model.objects.all()}
    for order, row in enumerate(_rows("treatment_codes.csv"), start=1):
        values = {
            "kind": row["kind"],
            "label_fr": row["label_fr"],
            "label_en": row["label_en"],
            "order": order,
        }
        current = existing_treatments.get(row["code"])
        if current is None:
            treatment_model.objects.create(code=row["code"], **values)
        elif any(getattr(current, name) != value for name, value in values.items()):
            treatment_model.objects.filter(pk=current.pk).update(**values)

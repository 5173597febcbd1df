"""The shipped list of waste and treatment codes, loaded by the data migration, against the
reference file (counts recomputed here from the CSV, independently of the loader) and a few codes
checked by hand against Decision 2000/532/EC as amended."""

import csv
from pathlib import Path

import pytest

from qsse.waste import reference, selectors
from qsse.waste.models import TreatmentCode, WasteCode, WasteHeading

pytestmark = pytest.mark.django_db
DATA = Path(reference.__file__).resolve().parent / "data"


def _reference_rows():
    with (DATA / "list_of_waste_fr_en.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_counts_match_the_reference_file():
    rows = _reference_rows()
    # Independent counts: codes, asterisks in the displayed code, distinct first two digits.
    codes = {row["code_display"].replace(" ", "").rstrip("*") for row in rows}
    starred = sum(1 for row in rows if row["code_display"].endswith("*"))
    chapters = {row["code_display"][:2] for row in rows}
    assert (len(codes), starred, len(chapters)) == (842, 408, 20)  # as data/SOURCE.md states
    assert WasteCode.objects.count() == len(codes)
    assert WasteCode.objects.filter(is_hazardous=True).count() == starred
    assert WasteCode.objects.values("chapter").distinct().count() == len(chapters)
    assert set(WasteCode.objects.values_list("code", flat=True)) == codes
    assert WasteHeading.objects.filter(level=1).count() == 20
    assert WasteHeading.objects.filter(level=2).count() == 111
    # Chapter 12 (shaping of metals): 23 codes, 13 hazardous (SOURCE.md integrity checks).
    assert WasteCode.objects.filter(chapter="12").count() == 23
    assert WasteCode.objects.filter(chapter="12", is_hazardous=True).count() == 13


def test_codes_checked_by_hand():
    chips = WasteCode.objects.get(code="120101")
    assert (chips.display, chips.label_fr, chips.is_hazardous, chips.category) == (
        "12 01 01",
        "limaille et chutes de métaux ferreux",
        False,
        "non_hazardous",
    )
    emulsions = WasteCode.objects.get(code="120109")
    assert (emulsions.display, emulsions.is_hazardous, emulsions.category) == ("12 01 09*", True, "hazardous")
    assert emulsions.label_en == "Machining emulsions and solutions free of halogens"
    assert WasteCode.objects.get(code="180103").category == "dasri"
    assert WasteCode.objects.get(code="180202").category == "dasri"
    assert WasteCode.objects.get(code="170101").category == "inert"
    assert WasteCode.objects.get(code="150107").category == "inert"
    assert WasteCode.objects.get(code="200301").category == "non_hazardous"
    mercury = WasteCode.objects.get(code="160307")
    assert (mercury.display, mercury.label_fr) == ("16 03 07*", "mercure métallique")
    # Mirror entries: 17 06 05* (hazardous) / 17 06 04 (its non-hazardous mirror) per WM3.
    assert WasteCode.objects.get(code="170605").entry_type in {"absolute_hazardous", "mirror_hazardous"}
    assert WasteCode.objects.filter(is_mirror=True).count() == 173 + 178
    assert WasteCode.objects.filter(category="inert").count() == 11


def test_treatment_codes():
    assert TreatmentCode.objects.count() == 28
    assert TreatmentCode.objects.filter(kind="recovery").count() == 13
    assert TreatmentCode.objects.filter(kind="disposal").count() == 15
    r4 = TreatmentCode.objects.get(code="R4")
    assert r4.label_fr == "Recyclage ou récupération des métaux et des composés métalliques"
    assert r4.label_en == "Recycling/reclamation of metals and metal compounds"
    assert TreatmentCode.objects.get(code="D10").label_fr == "Incinération à terre"


def test_loading_again_changes_nothing():
    before = WasteCode.objects.order_by("code").values_list("code", "label_fr", "category")[:20]
    before = list(before)
    reference.load(WasteHeading, WasteCode, TreatmentCode)
    assert WasteCode.objects.count() == 842
    assert TreatmentCode.objects.count() == 28
    assert list(WasteCode.objects.order_by("code").values_list("code", "label_fr", "category")[:20]) == before


def test_search_by_code_or_words_without_accents():
    assert [c.code for c in selectors.code_search("12 01 09*")] == ["120109"]
    assert list(selectors.code_search("1201").values_list("code", flat=True))[:3] == [
        "120101",
        "120102",
        "120103",
    ]
    found = set(selectors.code_search("emulsions usinage").values_list("code", flat=True))
    assert {"120108", "120109"} <= found
    assert set(selectors.code_search("ÉMULSIONS Usinage").values_list("code", flat=True)) == found
    assert "150101" in set(selectors.code_search("packaging paper").values_list("code", flat=True))
    assert selectors.code_search("mercure", hazardous=True).filter(code="160307").exists()
    assert not selectors.code_search("mercure", hazardous=False).filter(code="160307").exists()

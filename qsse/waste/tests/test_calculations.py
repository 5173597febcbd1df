"""Pure functions of the waste module, on hand-worked examples (sources in each test)."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.waste import calculations as calc

INERT = frozenset({"170101", "170504", "200202", "101103"})


def test_code_normalisation_and_display():
    assert calc.normalize_code("12 01 09*") == "120109"
    assert calc.normalize_code(" 120109 ") == "120109"
    assert calc.normalize_code("12 01 9") is None
    assert calc.normalize_code("abc") is None
    assert calc.display_code("120109", True) == "12 01 09*"
    assert calc.display_code("150101", False) == "15 01 01"


@pytest.mark.parametrize(
    ("code", "hazardous", "category"),
    [
        ("180103", True, calc.DASRI),  # DASRI code of Trackdéchets' slip, hazardous too
        ("180202", True, calc.DASRI),
        ("120109", True, calc.HAZARDOUS),  # asterisk of the list
        ("170101", False, calc.INERT),  # concrete: arrêté du 12 décembre 2014, annexe I
        ("200202", False, calc.INERT),
        ("200301", False, calc.NON_HAZARDOUS),  # mixed municipal waste
        ("120101", False, calc.NON_HAZARDOUS),
    ],
)
def test_waste_category(code, hazardous, category):
    assert calc.waste_category(code, hazardous, INERT) == category


def test_treatment_codes_recovery_or_disposal():
    # Directive 2008/98/EC: annex II R1–R13 recovery, annex I D1–D15 disposal.
    assert calc.normalize_treatment_code("r 13") == "R13"
    assert calc.normalize_treatment_code("D15") == "D15"
    assert calc.normalize_treatment_code("R14") is None
    assert calc.normalize_treatment_code("D16") is None
    assert calc.normalize_treatment_code("R0") is None
    assert calc.treatment_kind("R4") == calc.RECOVERY
    assert calc.treatment_kind("D10") == calc.DISPOSAL
    with pytest.raises(ValueError):
        calc.treatment_kind("X1")


def test_quantity_in_tonnes():
    assert calc.quantity_in_tonnes(Decimal("1.2345"), "t", None) == Decimal("1.235")
    # 6 m³ of cardboard at 0.05 t/m³ = 0.300 t
    assert calc.quantity_in_tonnes(Decimal("6"), "m3", Decimal("0.05")) == Decimal("0.300")
    assert calc.quantity_in_tonnes(Decimal("6"), "m3", None) is None
    assert calc.quantity_in_tonnes(Decimal("6"), "m3", Decimal("0")) is None


def test_recovery_figures_hand_worked():
    # 3.2 t of chips to R4, 1.5 t of emulsions to D9, 0.3 t without code, and 10 m³ of mixed waste
    # without density (apart): rate = 3.2 / (3.2 + 1.5 + 0.3) = 64.0 %.
    lines = [
        calc.Line(Decimal("3.2"), "t", Decimal("3.2"), calc.RECOVERY),
        calc.Line(Decimal("1.5"), "t", Decimal("1.5"), calc.DISPOSAL),
        calc.Line(Decimal("0.3"), "t", Decimal("0.3"), None),
        calc.Line(Decimal("10"), "m3", None, calc.DISPOSAL),
    ]
    figures = calc.recovery_figures(lines)
    assert figures.total_t == Decimal("5.0")
    assert figures.recovered_t == Decimal("3.2")
    assert figures.disposed_t == Decimal("1.5")
    assert figures.unknown_t == Decimal("0.3")
    assert figures.rate == Decimal("64.0")
    assert figures.volume_without_density_m3 == Decimal("10")
    assert figures.lines == 4
    assert calc.recovery_figures([]).rate is None
    assert calc.rate(Decimal("2"), Decimal("3")) == Decimal("66.7")


@pytest.mark.parametrize(
    ("number", "hazardous", "removed_on", "problem"),
    [
        ("", True, date(2025, 1, 14), "missing"),
        ("", False, date(2025, 1, 14), None),
        ("BSD-20250114-4FX8Q2KZ7", True, date(2025, 1, 14), None),  # Trackdéchets readable id
        ("DASRI-20250110-ABCDEFGH1", True, date(2025, 1, 14), None),
        ("BSD-20250115-4FX8Q2KZ7", True, date(2025, 1, 14), "date"),  # slip dated after removal
        ("BSD-20251340-4FX8Q2KZ7", True, date(2026, 1, 14), "format"),  # month 13
        ("BSD-2025011-4FX8Q2KZ7", True, date(2025, 1, 14), "format"),
        ("12571-000123", True, date(2025, 1, 14), "format"),  # paper after 1 Jan 2022
        ("12571-000123", True, date(2021, 6, 1), None),  # paper CERFA before Trackdéchets
        ("AB", False, date(2025, 1, 14), "format"),
    ],
)
def test_tracking_number(number, hazardous, removed_on, problem):
    assert calc.tracking_number_problem(number, is_hazardous=hazardous, removed_on=removed_on) == problem


def test_search_key_and_terms():
    assert calc.search_key("Émulsions d'usinage") == "emulsions d usinage"
    assert calc.search_terms("12 01") == ["1201"]
    assert calc.search_terms("12 01 09*") == ["120109"]
    assert calc.search_terms("émulsion USINAGE") == ["emulsion", "usinage"]


def test_sorting_check():
    obligations = [
        calc.SortingObligation("paper_cardboard", "Papier", "Paper", date(2016, 7, 1), "Décret 2016-288"),
        calc.SortingObligation("wood", "Bois", "Wood", date(2016, 7, 1), "Décret 2016-288"),
        calc.SortingObligation("textile", "Textiles", "Textiles", date(2025, 1, 1), "Décret 2021-950"),
    ]
    result = calc.sorting_check({"paper_cardboard", "metal"}, obligations, date(2024, 12, 31))
    assert [(s.obligation.flow, s.in_force, s.is_sorted, s.missing) for s in result] == [
        ("paper_cardboard", True, True, False),
        ("wood", True, False, True),
        ("textile", False, False, False),
    ]
    later = calc.sorting_check(set(), obligations, date(2025, 1, 1))
    assert [s.missing for s in later] == [True, True, True]

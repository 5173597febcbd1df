"""The shipped action-priority table against the AIAG & VDA FMEA Handbook, 1st edition (2019),
"Table AP – Action Priority for DFMEA and PFMEA" (sources compared in qsse/fmea/data/SOURCE.md).

HANDBOOK below is a second, hand-typed encoding of the published table, independent of the CSV
file: one row per severity band and occurrence band, the letters giving the priority for the
detection bands 7–10, 5–6, 2–4 and 1, in that order (the layout of the handbook's table).
"""

from __future__ import annotations

import pytest

from qsse.fmea import selectors, services
from qsse.fmea.calculations import action_priority, ap_lookup, validate_ap_rules
from qsse.fmea.default_ap import DEFAULT_AP_TABLE_NAME, read_default_rules
from qsse.fmea.models import ApTable

from .factories import add_line, make_fmea

HANDBOOK = {
    (9, 10): {(8, 10): "HHHH", (6, 7): "HHHH", (4, 5): "HHHM", (2, 3): "HMLL", (1, 1): "LLLL"},
    (7, 8): {(8, 10): "HHHH", (6, 7): "HHHM", (4, 5): "HMMM", (2, 3): "MMLL", (1, 1): "LLLL"},
    (4, 6): {(8, 10): "HHMM", (6, 7): "MMML", (4, 5): "MLLL", (2, 3): "LLLL", (1, 1): "LLLL"},
    (2, 3): {(8, 10): "MMLL", (6, 7): "LLLL", (4, 5): "LLLL", (2, 3): "LLLL", (1, 1): "LLLL"},
    (1, 1): {(8, 10): "LLLL", (6, 7): "LLLL", (4, 5): "LLLL", (2, 3): "LLLL", (1, 1): "LLLL"},
}
DETECTION_BANDS = ((7, 10), (5, 6), (2, 4), (1, 1))


def handbook_ap(s: int, o: int, d: int) -> str:
    for (s_low, s_high), rows in HANDBOOK.items():
        if s_low <= s <= s_high:
            for (o_low, o_high), letters in rows.items():
                if o_low <= o <= o_high:
                    for (d_low, d_high), letter in zip(DETECTION_BANDS, letters, strict=True):
                        if d_low <= d <= d_high:
                            return letter
    raise AssertionError(f"no cell for S={s} O={o} D={d}")


ALL_CELLS = [(s, o, d) for s in range(1, 11) for o in range(1, 11) for d in range(1, 11)]


def test_the_shipped_file_covers_each_combination_exactly_once():
    rules = read_default_rules()
    validation = validate_ap_rules(rules)
    assert validation.is_valid
    assert len(rules) == 31


def test_every_one_of_the_1000_cells_matches_the_handbook():
    rules = read_default_rules()
    lookup = ap_lookup(rules)
    mismatches = [
        (cell, lookup[cell], handbook_ap(*cell)) for cell in ALL_CELLS if lookup[cell] != handbook_ap(*cell)
    ]
    assert len(lookup) == 1000
    assert mismatches == []
    # Same number of H, M and L cells, counted in HANDBOOK and in the file.
    counts = {level: sum(handbook_ap(*cell) == level for cell in ALL_CELLS) for level in "HML"}
    assert counts == {level: sum(value == level for value in lookup.values()) for level in "HML"}


# Boundary cells read in the AIAG & VDA FMEA Handbook (2019) AP table (SOURCE.md, sources 1 and 2):
# each pair straddles a band edge of S, O or D where the priority changes, plus the four corners.
BOUNDARY_CELLS = [
    (10, 10, 10, "H"),
    (10, 1, 10, "L"),  # O = 1: L for every D, even at S 10
    (10, 1, 1, "L"),
    (1, 10, 10, "L"),  # S = 1: L everywhere
    (9, 2, 1, "L"),
    (9, 2, 4, "L"),  # S 9–10, O 2–3: D 2–4 → L …
    (9, 3, 5, "M"),  # … D 5–6 → M …
    (9, 3, 6, "M"),
    (9, 3, 7, "H"),  # … D 7–10 → H
    (10, 4, 1, "M"),  # S 9–10, O 4–5: D 1 → M …
    (10, 4, 2, "H"),  # … D 2 → H
    (9, 5, 1, "M"),
    (9, 6, 1, "H"),  # O 6–7 at S 9–10: H for every D
    (8, 8, 1, "H"),  # S 7–8, O 8–10: H for every D …
    (8, 7, 1, "M"),  # … O 6–7, D 1 → M
    (7, 6, 2, "H"),
    (8, 5, 6, "M"),  # S 7–8, O 4–5: D 1–6 → M …
    (8, 5, 7, "H"),  # … D 7–10 → H
    (7, 4, 1, "M"),
    (7, 3, 4, "L"),  # S 7–8, O 2–3: D 1–4 → L …
    (7, 3, 5, "M"),  # … D 5–10 → M
    (8, 2, 10, "M"),
    (8, 1, 10, "L"),
    (6, 8, 4, "M"),  # S 4–6, O 8–10: D 1–4 → M …
    (6, 8, 5, "H"),  # … D 5–10 → H
    (4, 10, 10, "H"),
    (6, 7, 1, "L"),  # S 4–6, O 6–7: D 1 → L …
    (6, 6, 2, "M"),  # … D 2–10 → M
    (4, 7, 1, "L"),
    (5, 5, 6, "L"),  # S 4–6, O 4–5: D 1–6 → L …
    (5, 5, 7, "M"),  # … D 7–10 → M
    (4, 4, 10, "M"),
    (6, 3, 10, "L"),  # S 4–6, O 1–3 → L
    (3, 8, 5, "M"),  # S 2–3, O 8–10: D 5–10 → M …
    (3, 8, 4, "L"),  # … D 1–4 → L
    (2, 10, 10, "M"),
    (3, 7, 10, "L"),  # S 2–3, O 1–7 → L
    (3, 10, 1, "L"),
]


@pytest.mark.parametrize(("s", "o", "d", "expected"), BOUNDARY_CELLS)
def test_boundary_cells(s, o, d, expected):
    assert action_priority(s, o, d, read_default_rules()) == expected
    assert handbook_ap(s, o, d) == expected


def test_at_least_30_boundary_cells_are_listed():
    assert len(BOUNDARY_CELLS) >= 30


@pytest.mark.django_db
def test_the_migration_puts_the_handbook_table_in_use(manager):
    table = selectors.active_ap_table()
    assert table is not None and table.name == DEFAULT_AP_TABLE_NAME
    assert len(selectors.active_ap_rules()) == 31
    fmea = make_fmea(manager.user)
    # Demo line 7 of the docs: S 8, O 6, D 6 → RPN 288, AP H (S 7–8, O 6–7, D 2–10).
    line = add_line(manager.user, fmea, severity=8, occurrence=6, detection=6)
    assert (line.rpn, line.ap, line.ap_rank) == (288, "H", 3)
    rerated = services.line_rerate(
        user=manager.user, line=line, revised_severity=8, revised_occurrence=2, revised_detection=2
    )
    # S 7–8, O 2–3, D 2 → L.
    assert (rerated.revised_rpn, rerated.revised_ap) == (32, "L")


@pytest.mark.django_db
def test_ensure_default_restores_the_table_when_the_database_has_none(manager):
    ApTable.objects.all().delete()
    fmea = make_fmea(manager.user)
    line = add_line(manager.user, fmea, severity=5, occurrence=5, detection=7)
    assert line.ap == "M"
    assert ApTable.objects.get(is_active=True).name == DEFAULT_AP_TABLE_NAME
    assert services.ap_table_ensure_default().name == DEFAULT_AP_TABLE_NAME
    assert ApTable.objects.count() == 1

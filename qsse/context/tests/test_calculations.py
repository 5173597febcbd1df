"""Pure calculations, checked against hand-worked examples (no database)."""

import pytest

from qsse.context import calculations as calc
from qsse.context.calculations import Level

# The demo scale of MBP on a 4 × 4 matrix: scores 1..16, thresholds 1 / 4 / 8 / 12.
LEVELS_4X4 = [
    Level("Faible", 1, "#2e7d32"),
    Level("Modéré", 4, "#ffc107"),
    Level("Élevé", 8, "#fd7e14", is_significant=True),
    Level("Critique", 12, "#c62828", is_significant=True),
]


def test_score_is_probability_times_impact():
    assert calc.criticality_score(3, 3) == 9
    assert calc.criticality_score(1, 1) == 1
    assert calc.criticality_score(4, 4) == 16
    with pytest.raises(ValueError):
        calc.criticality_score(0, 2)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1, "Faible"),
        (3, "Faible"),
        (4, "Modéré"),
        (7, "Modéré"),
        (8, "Élevé"),
        (9, "Élevé"),
        (11, "Élevé"),
        (12, "Critique"),
        (16, "Critique"),
    ],
)
def test_level_is_the_band_containing_the_score(score, expected):
    assert calc.criticality_level(score, LEVELS_4X4).name == expected


def test_level_order_of_the_input_does_not_matter_and_below_first_is_none():
    assert calc.criticality_level(9, list(reversed(LEVELS_4X4))).name == "Élevé"
    assert calc.criticality_level(0, LEVELS_4X4) is None


def test_matrix_cells_4x4_worked_example():
    grid = calc.matrix_cells(4, 4, LEVELS_4X4)
    # Drawn with the highest probability on the first row.
    assert [cell.probability for cell in (line[0] for line in grid)] == [4, 3, 2, 1]
    assert [cell.score for cell in grid[0]] == [4, 8, 12, 16]
    assert [cell.score for cell in grid[3]] == [1, 2, 3, 4]
    cell = calc.cell_at(grid, 3, 3)
    assert (cell.score, cell.level.name, cell.level.is_significant) == (9, "Élevé", True)
    assert calc.cell_at(grid, 2, 2).level.name == "Modéré"  # 4
    assert calc.cell_at(grid, 1, 3).level.name == "Faible"  # 3
    assert calc.cell_at(grid, 3, 4).level.name == "Critique"  # 12
    # Hand count of the 16 products p × i: Faible 1, 2, 2, 3, 3 (5 cells); Modéré 4, 4, 4, 6, 6 (5);
    # Élevé 8, 8, 9 (3); Critique 12, 12, 16 (3).
    assert calc.level_counts(grid) == {"Faible": 5, "Modéré": 5, "Élevé": 3, "Critique": 3}
    # Text colours chosen for contrast: white on the dark green and red, black on yellow and orange.
    assert calc.cell_at(grid, 1, 1).text_colour == calc.WHITE
    assert calc.cell_at(grid, 2, 2).text_colour == calc.BLACK
    assert calc.cell_at(grid, 4, 4).text_colour == calc.WHITE


def test_heat_map_counts_per_cell():
    heat = calc.heat_map({(3, 3): 2, (1, 4): 1, (9, 9): 5}, 4, 4, LEVELS_4X4)
    by_cell = {(h.cell.probability, h.cell.impact): h.count for line in heat for h in line}
    assert by_cell[(3, 3)] == 2
    assert by_cell[(1, 4)] == 1
    assert sum(by_cell.values()) == 3  # (9, 9) lies outside a 4 × 4 grid
    assert len(by_cell) == 16


def test_validate_levels():
    assert calc.validate_levels(LEVELS_4X4, 4, 4) == []
    assert calc.validate_levels([], 4, 4) == ["empty"]
    assert "first_above_one" in calc.validate_levels([Level("A", 2), Level("B", 5)], 4, 4)
    assert "not_increasing" in calc.validate_levels([Level("A", 1), Level("B", 8), Level("C", 8)], 4, 4)
    assert "not_increasing" in calc.validate_levels([Level("A", 1), Level("B", 9), Level("C", 6)], 4, 4)
    # 3 × 3: the highest score is 9, a threshold of 12 is never reached.
    assert "unreachable" in calc.validate_levels([Level("A", 1), Level("B", 12)], 3, 3)
    assert calc.validate_levels([Level("A", 1), Level("B", 12)], 4, 4) == []
    assert "size" in calc.validate_levels(LEVELS_4X4, 6, 4)
    assert "colour" in calc.validate_levels([Level("A", 1, "red")], 4, 4)


# WCAG 2.1, definitions of relative luminance and contrast ratio; reference values as published
# by the WebAIM contrast checker (#767676 on white is the lightest grey passing 4.5:1).
@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#ffffff", "#000000", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#ffffff", "#767676", 4.54),
        ("#ffffff", "#777777", 4.48),
        ("#ffffff", "#0000ff", 8.59),
        ("#000000", "#ffff00", 19.56),
    ],
)
def test_contrast_ratio_wcag_examples(first, second, ratio):
    assert round(calc.contrast_ratio(first, second), 2) == ratio
    assert round(calc.contrast_ratio(second, first), 2) == ratio


def test_relative_luminance():
    assert calc.relative_luminance("#000000") == 0
    assert calc.relative_luminance("#ffffff") == pytest.approx(1.0)
    assert calc.relative_luminance("#767676") == pytest.approx(0.1812, abs=1e-4)
    with pytest.raises(ValueError):
        calc.relative_luminance("blue")


def test_readable_text_colour():
    assert calc.readable_text_colour("#ffc107") == calc.BLACK  # 12.88 with black, 1.63 with white
    assert calc.readable_text_colour("#c62828") == calc.WHITE  # 5.62 with white, 3.74 with black
    assert calc.readable_text_colour("#0000ff") == calc.WHITE
    assert calc.readable_text_colour("#767676") == calc.BLACK  # 4.62 against 4.54
    assert calc.readable_text_colour("not a colour") == calc.BLACK


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (4, 4, calc.MANAGE_CLOSELY),
        (3, 3, calc.MANAGE_CLOSELY),
        (4, 1, calc.KEEP_SATISFIED),
        (3, 2, calc.KEEP_SATISFIED),
        (2, 3, calc.KEEP_INFORMED),
        (1, 4, calc.KEEP_INFORMED),
        (2, 2, calc.MONITOR),
        (1, 1, calc.MONITOR),
    ],
)
def test_power_interest_quadrant(influence, interest, quadrant):
    assert calc.power_interest_quadrant(influence, interest) == quadrant


def test_level_ranges():
    ranges = [(r.level.name, r.low, r.high) for r in calc.level_ranges(LEVELS_4X4, 16)]
    assert ranges == [("Faible", 1, 3), ("Modéré", 4, 7), ("Élevé", 8, 11), ("Critique", 12, 16)]
    assert [r.text_colour for r in calc.level_ranges(LEVELS_4X4, 16)] == [
        calc.WHITE,
        calc.BLACK,
        calc.BLACK,
        calc.WHITE,
    ]


def test_version_changes():
    old = [("strength", "Savoir-faire"), ("threat", "Prix de l'énergie"), ("weakness", "Parc ancien")]
    new = [("strength", "savoir-faire "), ("threat", "Prix de l'électricité"), ("strength", "Centre 5 axes")]
    changes = calc.version_changes(old, new)
    assert changes.added == (("threat", "Prix de l'électricité"), ("strength", "Centre 5 axes"))
    assert changes.removed == (("threat", "Prix de l'énergie"), ("weakness", "Parc ancien"))
    assert calc.version_changes(old, old).is_empty

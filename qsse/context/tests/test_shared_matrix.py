"""The criticality matrix shared by every risk tool: one active matrix per usage, plain values out."""

import pytest

from qsse.context import selectors, services
from qsse.context.choices import MatrixUsage


@pytest.mark.django_db
def test_each_usage_has_its_own_default_matrix_and_rates_on_it():
    haccp = services.matrix_ensure_default(usage=MatrixUsage.HACCP)
    assert services.matrix_ensure_default(usage=MatrixUsage.HACCP).pk == haccp.pk  # created once
    hazop = services.matrix_ensure_default(usage=MatrixUsage.HAZOP)
    assert hazop.pk != haccp.pk and haccp.is_active and hazop.is_active
    assert selectors.active_matrix(MatrixUsage.SURVEILLANCE) is None
    assert selectors.rate(MatrixUsage.SURVEILLANCE, 2, 2) is None

    # Default 4 × 4 scale: Faible 1–3, Modéré 4–7, Élevé 8–11 (significant), Critique 12–16.
    rating = selectors.rate(MatrixUsage.HACCP, 3, 3)
    assert (rating.score, rating.level_name, rating.is_significant) == (9, "Élevé", True)
    assert selectors.rate(MatrixUsage.HACCP, 1, 3).level_name == "Faible"
    assert selectors.rate(MatrixUsage.HACCP, 2, 2).level_name == "Modéré"
    # Values beyond the grid are clamped to its edge: 9 × 9 on a 4 × 4 grid is 4 × 4 = 16.
    assert selectors.rate(MatrixUsage.HACCP, 9, 9).score == 16
    # White text on the red of "Critique" (#c62828): contrast 5.6:1, black would give 3.7:1.
    assert selectors.rate(MatrixUsage.HACCP, 4, 4).text_colour == "#ffffff"


@pytest.mark.django_db
def test_heat_grid_counts_records_in_their_cells_highest_first():
    services.matrix_ensure_default(usage=MatrixUsage.HAZOP)
    grid = selectors.heat_grid(MatrixUsage.HAZOP, {(4, 1): 2, (1, 4): 5, (3, 3): 1})
    assert len(grid) == 4 and all(len(line) == 4 for line in grid)
    assert [cell["first"] for cell in grid[0]] == [4, 4, 4, 4]  # first row = most frequent
    assert grid[0][0] | {} == grid[0][0] and grid[0][0]["count"] == 2 and grid[0][0]["score"] == 4
    assert grid[3][3]["count"] == 5 and grid[3][3]["level_name"] == "Modéré"
    assert grid[1][2]["count"] == 1 and grid[1][2]["level_name"] == "Élevé"
    assert sum(cell["count"] for line in grid for cell in line) == 8


@pytest.mark.django_db
def test_saving_the_active_matrix_of_a_tool_calls_its_listener(member):
    from qsse.core.choices import Role

    manager = member(Role.QSSE_MANAGER, all_sites=True).user
    matrix = services.matrix_ensure_default(usage=MatrixUsage.SURVEILLANCE)
    calls = []
    services.register_matrix_listener(
        MatrixUsage.SURVEILLANCE, lambda matrix_id: calls.append(matrix_id) or 3
    )
    try:
        services.matrix_save(
            user=manager,
            matrix=matrix,
            usage=MatrixUsage.SURVEILLANCE,
            name="Surveillance 3 × 3",
            rows=3,
            cols=3,
            levels=[
                {"name": "Acceptable", "min_score": 1, "colour": "#2e7d32"},
                {"name": "À surveiller", "min_score": 4, "colour": "#ef6c00", "is_significant": True},
            ],
        )
    finally:
        services.matrix.__dict__["_matrix_listeners"].pop(MatrixUsage.SURVEILLANCE, None)
    assert calls == [matrix.pk]
    assert selectors.rate(MatrixUsage.SURVEILLANCE, 2, 2).level_name == "À surveiller"

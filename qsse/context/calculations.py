"""Pure calculations of the context module: criticality matrix, heat map, WCAG contrast and the
power/interest grid of interested parties. No Django, no database: plain values in and out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
BLACK = "#000000"
WHITE = "#ffffff"
MIN_SIZE = 3
MAX_SIZE = 5


# --- Criticality -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """A band of the criticality scale: scores from ``min_score`` up to the next level's minimum."""

    name: str
    min_score: int
    colour: str = "#cccccc"
    is_significant: bool = False
    key: int | None = None  # the database id of the level, when there is one


@dataclass(frozen=True)
class Cell:
    probability: int  # row, 1 = least likely
    impact: int  # column, 1 = least severe
    score: int
    level: Level | None
    text_colour: str  # black or white, whichever contrasts more with the level's colour


@dataclass(frozen=True)
class HeatCell:
    cell: Cell
    count: int


def criticality_score(probability: int, impact: int) -> int:
    """Score = probability × impact (both counted from 1)."""
    if probability < 1 or impact < 1:
        raise ValueError("probability and impact start at 1")
    return probability * impact


def sorted_levels(levels: Sequence[Level]) -> list[Level]:
    return sorted(levels, key=lambda level: level.min_score)


def criticality_level(score: int, levels: Sequence[Level]) -> Level | None:
    """The level whose [min_score, next level's min_score) contains ``score``; None below the first."""
    found = None
    for level in sorted_levels(levels):
        if level.min_score <= score:
            found = level
        else:
            break
    return found


def matrix_cells(rows: int, cols: int, levels: Sequence[Level]) -> tuple[tuple[Cell, ...], ...]:
    """The grid as it is drawn: first row = highest probability (``rows``), down to 1; columns by
    impact 1 → ``cols``. Each cell carries its score, its level and a readable text colour."""
    grid = []
    for probability in range(rows, 0, -1):
        line = []
        for impact in range(1, cols + 1):
            score = criticality_score(probability, impact)
            level = criticality_level(score, levels)
            colour = level.colour if level is not None else WHITE
            line.append(Cell(probability, impact, score, level, readable_text_colour(colour)))
        grid.append(tuple(line))
    return tuple(grid)


def cell_at(grid: Sequence[Sequence[Cell]], probability: int, impact: int) -> Cell:
    """The cell of ``grid`` (as returned by ``matrix_cells``) at that probability and impact."""
    rows = len(grid)
    return grid[rows - probability][impact - 1]


def heat_map(
    counts_by_cell: Mapping[tuple[int, int], int], rows: int, cols: int, levels: Sequence[Level]
) -> tuple[tuple[HeatCell, ...], ...]:
    """The matrix grid with the number of records in each (probability, impact) cell; counts of
    cells outside the grid are ignored (they cannot exist once the register is recomputed)."""
    return tuple(
        tuple(HeatCell(cell, counts_by_cell.get((cell.probability, cell.impact), 0)) for cell in line)
        for line in matrix_cells(rows, cols, levels)
    )


def validate_levels(levels: Sequence[Level], rows: int, cols: int) -> list[str]:
    """Problems of a scale, as codes (empty list: the scale is valid).

    - ``size``: rows and columns must be between 3 and 5;
    - ``empty``: at least one level;
    - ``first_above_one``: the lowest threshold must be ≤ 1, so that every score has a level;
    - ``not_increasing``: thresholds strictly increasing (in the order given);
    - ``unreachable``: a threshold above the highest score (rows × cols) is a level nobody reaches;
    - ``colour``: colours are #rrggbb.
    """
    problems: list[str] = []
    if not (MIN_SIZE <= rows <= MAX_SIZE and MIN_SIZE <= cols <= MAX_SIZE):
        problems.append("size")
    if not levels:
        problems.append("empty")
        return problems
    thresholds = [level.min_score for level in levels]
    if thresholds[0] > 1:
        problems.append("first_above_one")
    if any(later <= earlier for earlier, later in zip(thresholds, thresholds[1:], strict=False)):
        problems.append("not_increasing")
    if max(thresholds) > rows * cols:
        problems.append("unreachable")
    if any(not HEX_COLOUR.match(level.colour or "") for level in levels):
        problems.append("colour")
    return problems


@dataclass(frozen=True)
class LevelRange:
    level: Level
    low: int
    high: int  # inclusive; equal to ``low`` - 1 when no score of the grid falls in the level
    text_colour: str


def level_ranges(levels: Sequence[Level], max_score: int) -> list[LevelRange]:
    """Each level with the scores it covers, e.g. Faible 1–3, Modéré 4–7 … Critique 12–16."""
    ordered = sorted_levels(levels)
    ranges = []
    for index, level in enumerate(ordered):
        high = ordered[index + 1].min_score - 1 if index + 1 < len(ordered) else max_score
        colour = level.colour if HEX_COLOUR.match(level.colour or "") else WHITE
        ranges.append(
            LevelRange(level, max(level.min_score, 1), min(high, max_score), readable_text_colour(colour))
        )
    return ranges


def level_counts(grid: Sequence[Sequence[Cell]]) -> dict[str, int]:
    """How many cells of the grid fall in each level (by level name)."""
    counts: dict[str, int] = {}
    for line in grid:
        for cell in line:
            name = cell.level.name if cell.level is not None else ""
            counts[name] = counts.get(name, 0) + 1
    return counts


# --- Versions of a SWOT / PESTEL ------------------------------------------------------------------


@dataclass(frozen=True)
class VersionChanges:
    added: tuple[tuple[str, str], ...]  # (category, text) present only in the new version
    removed: tuple[tuple[str, str], ...]  # (category, text) present only in the old version

    @property
    def is_empty(self) -> bool:
        return not self.added and not self.removed


def version_changes(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> VersionChanges:
    """Items added and removed between two versions, compared on (category, text) with the text's
    spaces and case ignored; an item whose wording changed counts as one removed and one added."""

    def key(entry: tuple[str, str]) -> tuple[str, str]:
        return entry[0], " ".join(entry[1].split()).casefold()

    old_keys = {key(entry) for entry in old}
    new_keys = {key(entry) for entry in new}
    return VersionChanges(
        added=tuple(entry for entry in new if key(entry) not in old_keys),
        removed=tuple(entry for entry in old if key(entry) not in new_keys),
    )


# --- WCAG 2.1 contrast -------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour ``#rrggbb`` (WCAG 2.1, definition of relative luminance)."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), L1 the lighter: from 1 (same colour) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (ties go to black)."""
    if not HEX_COLOUR.match(background or ""):
        return BLACK
    return BLACK if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE) else WHITE


# --- Interested parties ------------------------------------------------------------------------

MANAGE_CLOSELY = "manage_closely"
KEEP_SATISFIED = "keep_satisfied"
KEEP_INFORMED = "keep_informed"
MONITOR = "monitor"


def power_interest_quadrant(influence: int, interest: int, scale: int = 4) -> str:
    """Mendelow's power/interest grid on a 1..``scale`` scale: the upper half (3–4 out of 4) is "high".

    high influence & high interest → manage closely; high influence only → keep satisfied;
    high interest only → keep informed; both low → monitor (minimal effort).
    """
    high_influence = influence > scale / 2
    high_interest = interest > scale / 2
    if high_influence and high_interest:
        return MANAGE_CLOSELY
    if high_influence:
        return KEEP_SATISFIED
    if high_interest:
        return KEEP_INFORMED
    return MONITOR

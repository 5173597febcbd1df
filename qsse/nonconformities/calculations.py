"""Pure computations of the non-conformity module: Pareto analysis, cost of non-quality, and the
geometry of the Ishikawa (fishbone) and Pareto diagrams, so that templates only draw.

No Django import here: plain values in, plain values (frozen dataclasses, named tuples) out.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

PARETO_THRESHOLD = 80.0
BOLD_WIDTH_RATIO = 1.15  # bold text is about 15 % wider than regular
HEAD_CHARS_PER_LINE = 20  # the effect's box: 178 px for 13 px bold text
CENT = Decimal("0.01")


# --- Pareto -----------------------------------------------------------------------------------


class ParetoRow(NamedTuple):
    """One bar of a Pareto analysis: unpacks as ``(label, count, cumulative_percent)``."""

    label: str
    count: int
    cumulative_percent: float


def pareto(counts: Mapping[str, int]) -> list[ParetoRow]:
    """Sort the categories by decreasing count (ties by label) and give each its cumulative share.

    Categories with no occurrence are left out; the last row is exactly 100.0. Percentages are
    rounded to one decimal from the exact cumulative count, so rounding errors never pile up.
    """
    items = sorted(
        ((label, count) for label, count in counts.items() if count > 0), key=lambda i: (-i[1], i[0])
    )
    total = sum(count for _, count in items)
    rows: list[ParetoRow] = []
    running = 0
    for label, count in items:
        running += count
        rows.append(ParetoRow(label, count, round(100.0 * running / total, 1)))
    return rows


def pareto_vital_few(rows: Sequence[ParetoRow], threshold: float = PARETO_THRESHOLD) -> list[str]:
    """The labels of the "vital few": every category up to and including the one whose cumulative
    share reaches ``threshold`` percent (the 80/20 cut)."""
    labels: list[str] = []
    previous = 0.0
    for row in rows:
        if previous >= threshold:
            break
        labels.append(row.label)
        previous = row.cumulative_percent
    return labels


@dataclass(frozen=True)
class ParetoBar:
    label: str
    count: int
    cumulative_percent: float
    is_vital_few: bool
    x: float
    y: float
    width: float
    height: float
    label_x: float  # centre of the bar, for the count written above it
    count_y: float  # baseline of the count written above the bar
    point_y: float  # where the cumulative curve passes above this bar


@dataclass(frozen=True)
class ParetoChart:
    width: int
    height: int
    plot_top: float
    plot_bottom: float
    threshold_y: float  # the horizontal 80 % line
    bars: tuple[ParetoBar, ...]
    curve_points: str  # "x,y x,y ..." for an SVG polyline


def pareto_chart(
    rows: Sequence[ParetoRow],
    *,
    width: int = 480,
    height: int = 180,
    threshold: float = PARETO_THRESHOLD,
    margin_top: float = 16.0,
    margin_bottom: float = 8.0,
    gap: float = 8.0,
) -> ParetoChart:
    """Coordinates of a Pareto chart: bars scaled to the largest count, cumulative curve scaled to 100 %."""
    plot_top = margin_top
    plot_bottom = height - margin_bottom
    plot_height = plot_bottom - plot_top
    vital = set(pareto_vital_few(rows, threshold))
    largest = max((row.count for row in rows), default=0)
    slot = width / len(rows) if rows else width
    bars = []
    for index, row in enumerate(rows):
        bar_height = plot_height * row.count / largest if largest else 0.0
        x = index * slot + gap / 2
        bars.append(
            ParetoBar(
                label=row.label,
                count=row.count,
                cumulative_percent=row.cumulative_percent,
                is_vital_few=row.label in vital,
                x=round(x, 1),
                y=round(plot_bottom - bar_height, 1),
                width=round(slot - gap, 1),
                height=round(bar_height, 1),
                label_x=round(index * slot + slot / 2, 1),
                count_y=round(plot_bottom - bar_height - 3, 1),
                point_y=round(plot_bottom - plot_height * row.cumulative_percent / 100.0, 1),
            )
        )
    points = " ".join(f"{bar.label_x},{bar.point_y}" for bar in bars)
    return ParetoChart(
        width=width,
        height=height,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        threshold_y=round(plot_bottom - plot_height * threshold / 100.0, 1),
        bars=tuple(bars),
        curve_points=points,
    )


# --- Cost of non-quality -----------------------------------------------------------------------


def cost_of_nonquality_total(amounts: Iterable[Decimal | int | str | None]) -> Decimal:
    """The sum of the known costs, rounded half-up to the cent; unknown costs (None) count as nothing."""
    total = sum((Decimal(str(amount)) for amount in amounts if amount is not None), Decimal("0"))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Ishikawa (fishbone) diagram ---------------------------------------------------------------


@dataclass(frozen=True)
class FishboneCause:
    """Input: a first-level cause and the texts of its sub-causes."""

    text: str
    is_retained: bool = False
    sub_causes: tuple[tuple[str, bool], ...] = ()  # (text, is_retained)


@dataclass(frozen=True)
class FishboneCategory:
    """Input: one "M" with its causes (only categories that have causes are drawn)."""

    key: str
    label: str
    causes: tuple[FishboneCause, ...]


@dataclass(frozen=True)
class CauseMark:
    """A cause written along a bone: a horizontal stroke ending on the bone and its text."""

    text: str  # shortened to fit
    full_text: str
    is_retained: bool
    is_sub_cause: bool
    x1: float
    x2: float  # on the bone
    y: float
    text_x: float  # text anchored at its end
    text_y: float  # text baseline


@dataclass(frozen=True)
class Bone:
    key: str
    label: str
    is_top: bool
    x1: float  # outer end
    y1: float
    x2: float  # on the spine
    y2: float
    label_x: float
    label_y: float
    marks: tuple[CauseMark, ...]


@dataclass(frozen=True)
class FishboneLayout:
    width: int
    height: int
    spine_x1: float
    spine_x2: float
    spine_y: float
    head_x: float
    head_y: float
    head_width: float
    head_height: float
    head_text_x: float  # centre of the head box
    head_lines: tuple[str, ...]
    head_line_ys: tuple[float, ...]
    bones: tuple[Bone, ...]

    @property
    def head_text(self) -> tuple[tuple[str, float], ...]:
        return tuple(zip(self.head_lines, self.head_line_ys, strict=True))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 1)].rstrip() + "…"


def fishbone_layout(
    effect: str,
    categories: Sequence[FishboneCategory],
    *,
    slot_width: int = 320,
    head_width: int = 190,
    row_height: int = 20,
    min_rows: int = 4,
    char_width: float = 6.4,
) -> FishboneLayout:
    """Place the bones of the categories present, alternately above and below the spine, from the
    tail towards the head; each cause (then its sub-causes, indented) gets a row along its bone.

    The drawing grows with the number of categories (width) and of causes per bone (height); the
    template scales it with its viewBox.
    """
    present = [category for category in categories if category.causes]
    slots = max(math.ceil(len(present) / 2), 1)
    margin = 20
    width = margin + slots * slot_width + head_width + margin
    rows_per_bone = [sum(1 + len(cause.sub_causes) for cause in category.causes) for category in present]
    rows = max([min_rows, *rows_per_bone])
    bone_height = (rows + 1) * row_height
    slant = min(bone_height * 0.45, 60.0)
    top = 34.0  # room for the category labels above the top bones
    spine_y = top + bone_height
    height = int(spine_y + bone_height + top)
    spine_x1 = float(margin)
    spine_x2 = float(margin + slots * slot_width)
    # From the start of the slot to the end of a first-level cause's stroke on the bone's outer end.
    text_room = slot_width - 10 - slant - 34 - 6
    limit = max(int(text_room / char_width), 8)
    # A retained cause is drawn bold (wider glyphs) after a "★ ": fewer characters fit.
    retained_limit = max(int(text_room / (char_width * BOLD_WIDTH_RATIO)) - 2, 8)

    bones = []
    for index, category in enumerate(present):
        is_top = index % 2 == 0
        slot = index // 2
        x_spine = spine_x1 + (slot + 1) * slot_width - 10
        x_outer = x_spine - slant
        y_outer = spine_y - bone_height if is_top else spine_y + bone_height
        marks = []
        row = 0
        entries: list[tuple[str, bool, bool]] = []
        for cause in category.causes:
            entries.append((cause.text, cause.is_retained, False))
            entries.extend((text, retained, True) for text, retained in cause.sub_causes)
        for text, retained, is_sub in entries:
            row += 1
            # Rows read from top to bottom: from the outer end down to the spine above it, from the
            # spine down to the outer end below it.
            if is_top:
                y = y_outer + row * row_height
                fraction = row * row_height / bone_height  # 0 at the outer end, 1 on the spine
            else:
                y = spine_y + row * row_height
                fraction = 1 - row * row_height / bone_height
            x_on_bone = x_outer + slant * fraction
            indent = 22 if is_sub else 0
            stroke = 18 if is_sub else 30
            x2 = x_on_bone - indent
            marks.append(
                CauseMark(
                    text=shorten(text, (retained_limit if retained else limit) - (4 if is_sub else 0)),
                    full_text=text,
                    is_retained=retained,
                    is_sub_cause=is_sub,
                    x1=round(x2 - stroke, 1),
                    x2=round(x2, 1),
                    y=round(y, 1),
                    text_x=round(x2 - stroke - 4, 1),
                    text_y=round(y + 4, 1),
                )
            )
        bones.append(
            Bone(
                key=category.key,
                label=category.label,
                is_top=is_top,
                x1=round(x_outer, 1),
                y1=round(y_outer, 1),
                x2=round(x_spine, 1),
                y2=round(spine_y, 1),
                label_x=round(x_outer, 1),
                label_y=round(y_outer - 10 if is_top else y_outer + 22, 1),
                marks=tuple(marks),
            )
        )

    wrapped = textwrap.wrap(" ".join(effect.split()), width=HEAD_CHARS_PER_LINE)
    head_lines = tuple(wrapped[:5]) or ("",)
    if len(wrapped) > 5:
        head_lines = (*head_lines[:4], shorten(head_lines[4] + " …", HEAD_CHARS_PER_LINE))
    line_height = 17.0
    head_height = max(len(head_lines) * line_height + 20, 60.0)
    head_x = spine_x2 + 6
    head_y = spine_y - head_height / 2
    first_line_y = spine_y - (len(head_lines) - 1) * line_height / 2 + 5
    return FishboneLayout(
        width=int(width),
        height=height,
        spine_x1=spine_x1,
        spine_x2=spine_x2,
        spine_y=round(spine_y, 1),
        head_x=round(head_x, 1),
        head_y=round(head_y, 1),
        head_width=float(head_width - 12),
        head_text_x=round(head_x + (head_width - 12) / 2, 1),
        head_height=round(head_height, 1),
        head_lines=head_lines,
        head_line_ys=tuple(round(first_line_y + i * line_height, 1) for i in range(len(head_lines))),
        bones=tuple(bones),
    )

"""The tree of causes drawn as SVG: shapes and lines computed here from the layout of
``calculations.tree_layout``, drawn by ``accidents/partials/_tree_svg.html``.

INRS ED 6163 conventions (brief §2.3): habitual facts (states) in rectangles, unusual facts
(variations) in circles (ellipses here, to hold a sentence); the injury at the right-hand end; a line
per link from the cause to its effect. A conjunction (several causes of one effect) is marked with a
junction dot and "ET" where its lines meet; a disjunction (one cause of several effects) with "OU"
where its lines part.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import calculations
from .calculations import Link

NODE_WIDTH = 180
NODE_HEIGHT = 64
LINE_CHARS = 26
MAX_LINES = 3


@dataclass(frozen=True)
class Shape:
    id: int
    kind: str  # "habitual" | "unusual"
    is_root: bool
    x: float  # centre
    y: float
    lines: tuple[tuple[float, str], ...]  # (y, text)
    component: str
    action_reference: str
    title: str

    @property
    def left(self) -> float:
        return self.x - NODE_WIDTH / 2

    @property
    def top(self) -> float:
        return self.y - NODE_HEIGHT / 2

    @property
    def rx(self) -> float:
        return NODE_WIDTH / 2

    @property
    def ry(self) -> float:
        return NODE_HEIGHT / 2 + 4


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    link_id: int


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # "ET" conjunction, "OU" disjunction


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    segments: tuple[Segment, ...]
    marks: tuple[Mark, ...]


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(text, LINE_CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1].rstrip() + "…"
    return lines


def build(nodes: Sequence[Any], links: Sequence[Any]) -> Diagram:
    """``nodes``: CauseNode-like objects (pk, text, kind, is_root, component, action); ``links``:
    CauseLink-like objects (pk, cause_id, effect_id)."""
    root = next((node for node in nodes if node.is_root), None)
    if root is None:
        return Diagram(0, 0, (), (), ())
    plain = [Link(link.cause_id, link.effect_id) for link in links]
    layout = calculations.tree_layout(
        root.pk,
        [node.pk for node in nodes],
        plain,
        node_width=NODE_WIDTH,
        row_height=NODE_HEIGHT + 30,
        column_width=260,
    )
    placed = {item.id: item for item in layout.nodes}
    shapes = []
    for node in nodes:
        item = placed[node.pk]
        wrapped = _wrap(node.text)
        first = item.y - (len(wrapped) - 1) * 8
        shapes.append(
            Shape(
                id=node.pk,
                kind=node.kind,
                is_root=node.is_root,
                x=item.x,
                y=item.y,
                lines=tuple((first + index * 16, line) for index, line in enumerate(wrapped)),
                component=node.component,
                action_reference=node.action.reference if getattr(node, "action", None) else "",
                title=node.text,
            )
        )
    causes = calculations.causes_of(plain)
    effects = calculations.effects_of(plain)
    segments, marks = [], []
    for link in links:
        cause, effect = placed.get(link.cause_id), placed.get(link.effect_id)
        if cause is None or effect is None:
            continue
        start_x = cause.x + NODE_WIDTH / 2
        end_x = effect.x - NODE_WIDTH / 2
        segments.append(Segment(start_x, cause.y, end_x - 2, effect.y, link.pk))
    for effect_id, cause_ids in causes.items():
        if len(cause_ids) >= 2 and effect_id in placed:
            effect = placed[effect_id]
            marks.append(Mark(effect.x - NODE_WIDTH / 2 - 40, effect.y + 4, "ET"))
    for cause_id, effect_ids in effects.items():
        if len(effect_ids) >= 2 and cause_id in placed:
            cause = placed[cause_id]
            marks.append(Mark(cause.x + NODE_WIDTH / 2 + 24, cause.y - 10, "OU"))
    return Diagram(layout.width, layout.height + 10, tuple(shapes), tuple(segments), tuple(marks))

"""Layout of the visual process map (cartographie des processus, ISO 9001 §4.4).

Pure geometry: plain values and frozen dataclasses in and out, no Django. The page template only
prints the numbers computed here.

The map has three horizontal bands, top to bottom: management, realisation, support. The
realisation band runs from the "customer requirements" panel on the left to the "customer
satisfaction" panel on the right. Inside a band, boxes sit on a grid of columns in the order of
their ``position`` (then code), wrapping to a new row when the band has more processes than columns.

Interaction arrows are orthogonal polylines routed through the free space between boxes:

- two neighbours in the same row: one horizontal segment between the facing edges;
- same row, not neighbours: up from the source's top edge into the corridor above the row,
  across, and down onto the target's top edge;
- different rows: out of the source's edge facing the target (bottom when the target is lower),
  into the corridor next to the source row, across to a vertical gap free of boxes in the rows in
  between (when there are any), along it to the corridor next to the target row, across, and onto
  the target's facing edge.

Arrows sharing a box edge get distinct, evenly spread ports; arrows sharing a corridor get distinct,
evenly spread lanes; so no two arrows are drawn on top of each other.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MANAGEMENT = "management"
REALISATION = "realisation"
SUPPORT = "support"
BAND_ORDER: tuple[str, ...] = (MANAGEMENT, REALISATION, SUPPORT)

# Space kept between a vertical connector and a box it runs past.
CLEARANCE = 6.0


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    y: float  # baseline


@dataclass(frozen=True)
class ProcessNode:
    """A process to draw. ``href`` and ``has_owner`` are passed through to its box."""

    key: int
    code: str
    name: str
    kind: str
    position: int = 0
    href: str = ""
    has_owner: bool = True


@dataclass(frozen=True)
class Flow:
    """What flows from the process ``source`` to the process ``target`` (keys of ``ProcessNode``)."""

    source: int
    target: int
    label: str


@dataclass(frozen=True)
class MapGeometry:
    """Sizes of the drawing, in SVG user units."""

    box_width: float = 150
    box_height: float = 84
    column_gap: float = 40
    row_gap: float = 44
    band_gap: float = 30
    band_header: float = 34
    band_padding: float = 16
    margin: float = 10
    side_width: float = 110
    side_gap: float = 34
    max_columns: int = 8
    line_height: float = 16
    chars_per_line: int = 19
    max_name_lines: int = 3


@dataclass(frozen=True)
class Box:
    key: int
    code: str
    name: str
    kind: str
    href: str
    has_owner: bool
    row: int  # global row index, top to bottom
    column: int  # index inside its row, left to right
    x: float
    y: float
    w: float
    h: float
    lines: tuple[TextLine, ...]  # the code first, then the name wrapped

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Panel:
    """The customer requirements / customer satisfaction panels at both ends of the realisation band."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class Band:
    kind: str
    label: TextLine
    x: float
    y: float
    w: float
    h: float
    is_empty: bool

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Arrow:
    source: int
    target: int
    labels: tuple[str, ...]  # every flow between the two processes, in the given order
    points: tuple[Point, ...]

    @property
    def start(self) -> Point:
        return self.points[0]

    @property
    def end(self) -> Point:
        return self.points[-1]

    @property
    def path(self) -> str:
        """SVG path data ("M x y L x y ...")."""
        return " ".join(
            f"{'M' if index == 0 else 'L'} {_fmt(point.x)} {_fmt(point.y)}"
            for index, point in enumerate(self.points)
        )


@dataclass(frozen=True)
class MapLayout:
    width: float
    height: float
    bands: tuple[Band, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    requirements: Panel
    satisfaction: Panel
    value_stream: tuple[Point, ...]  # the chevron behind the realisation band, left to right

    @property
    def view_box(self) -> str:
        return f"0 0 {_fmt(self.width)} {_fmt(self.height)}"

    @property
    def value_stream_points(self) -> str:
        return " ".join(f"{_fmt(point.x)},{_fmt(point.y)}" for point in self.value_stream)


def _fmt(value: float) -> str:
    """A coordinate as SVG prints it: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def wrap_text(text: str, max_chars: int, max_lines: int) -> tuple[str, ...]:
    """Split ``text`` into at most ``max_lines`` lines of at most ``max_chars`` characters.

    Words are kept whole when they fit on a line, longer words are cut; text that does not fit
    ends with an ellipsis on the last line.
    """
    if max_chars < 2 or max_lines < 1:
        raise ValueError("max_chars must be at least 2 and max_lines at least 1")
    # Pieces of text; a piece ending with a hyphen is glued to the next one without a space.
    words: list[str] = []
    for word in text.split():
        pieces = (
            [part + "-" for part in word.split("-")[:-1]] + [word.split("-")[-1]]
            if len(word) > max_chars
            else [word]
        )
        for piece in filter(None, pieces):
            while len(piece) > max_chars:
                words.append(piece[:max_chars])
                piece = piece[max_chars:]
            if piece:
                words.append(piece)
    lines: list[str] = []
    current = ""
    for word in words:
        separator = "" if current.endswith("-") else " "
        candidate = f"{current}{separator}{word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        if len(last) + 1 > max_chars:
            last = last[: max_chars - 1].rstrip()
        kept[-1] = last + "…"
        lines = kept
    return tuple(lines)


def _text_block(
    lines: Sequence[str], cx: float, top: float, height: float, line_height: float
) -> tuple[TextLine, ...]:
    """Lines centred horizontally on ``cx`` and vertically in [top, top + height] (baselines)."""
    block_top = top + (height - len(lines) * line_height) / 2
    return tuple(
        TextLine(text, round(cx, 1), round(block_top + index * line_height + line_height * 0.75, 1))
        for index, text in enumerate(lines)
    )


@dataclass
class _Port:
    """A request for an arrow end on a box edge, resolved once every request on that edge is known."""

    box: int
    edge: str  # "top", "bottom", "left", "right"
    order: tuple[float, ...]
    point: Point | None = None


@dataclass
class _Route:
    source: Box
    target: Box
    labels: tuple[str, ...]
    start: _Port
    end: _Port
    corridors: list[int]  # corridor indices used, in travel order
    lanes: dict[int, float]  # corridor index -> y, filled in later
    needs_connector: bool = False
    connector_x: float | None = None


def process_map_layout(
    nodes: Sequence[ProcessNode],
    flows: Sequence[Flow],
    *,
    band_labels: Mapping[str, str],
    requirements_label: str,
    satisfaction_label: str,
    geometry: MapGeometry | None = None,
) -> MapLayout:
    """Place the boxes of ``nodes`` in their bands and route one arrow per (source, target) pair of ``flows``.

    Flows whose ends are not among ``nodes``, and flows from a process to itself, are left out.
    Guarantees: boxes never overlap; every box of a band lies inside that band; bands are stacked
    management, realisation, support; each arrow starts on its source box edge and ends on its
    target box edge, and its segments are horizontal or vertical.
    """
    g = geometry or MapGeometry()
    unknown = {node.kind for node in nodes} - set(BAND_ORDER)
    if unknown:
        raise ValueError(f"unknown process kinds: {sorted(unknown)}")

    groups: dict[str, list[ProcessNode]] = {kind: [] for kind in BAND_ORDER}
    for node in nodes:
        groups[node.kind].append(node)
    for group in groups.values():
        group.sort(key=lambda node: (node.position, node.code))

    columns = max(1, min(g.max_columns, max(len(group) for group in groups.values())))
    grid_x0 = g.margin + g.band_padding + g.side_width + g.side_gap
    grid_width = columns * g.box_width + (columns - 1) * g.column_gap
    width = grid_x0 + grid_width + g.side_gap + g.side_width + g.band_padding + g.margin
    band_x = g.margin
    band_w = width - 2 * g.margin

    bands: list[Band] = []
    boxes: list[Box] = []
    row_tops: list[float] = []
    row_bottoms: list[float] = []
    realisation_rows: tuple[float, float] = (0.0, 0.0)
    y = g.margin
    for kind in BAND_ORDER:
        group = groups[kind]
        chunks = [group[i : i + columns] for i in range(0, len(group), columns)] or [[]]
        first_row_top = y + g.band_header
        for chunk_index, chunk in enumerate(chunks):
            row = len(row_tops)
            top = first_row_top + chunk_index * (g.box_height + g.row_gap)
            row_tops.append(top)
            row_bottoms.append(top + g.box_height)
            chunk_width = len(chunk) * g.box_width + max(0, len(chunk) - 1) * g.column_gap
            x_start = grid_x0 + (grid_width - chunk_width) / 2
            for column, node in enumerate(chunk):
                x = x_start + column * (g.box_width + g.column_gap)
                code_line = node.code
                name_lines = wrap_text(node.name, g.chars_per_line, g.max_name_lines)
                boxes.append(
                    Box(
                        key=node.key,
                        code=node.code,
                        name=node.name,
                        kind=kind,
                        href=node.href,
                        has_owner=node.has_owner,
                        row=row,
                        column=column,
                        x=round(x, 1),
                        y=round(top, 1),
                        w=g.box_width,
                        h=g.box_height,
                        lines=_text_block(
                            (code_line, *name_lines), x + g.box_width / 2, top, g.box_height, g.line_height
                        ),
                    )
                )
        rows_height = len(chunks) * g.box_height + (len(chunks) - 1) * g.row_gap
        band_h = g.band_header + rows_height + g.band_padding
        if kind == REALISATION:
            realisation_rows = (first_row_top, first_row_top + rows_height)
        bands.append(
            Band(
                kind=kind,
                label=TextLine(
                    band_labels.get(kind, kind), round(band_x + g.band_padding, 1), round(y + 22, 1)
                ),
                x=band_x,
                y=round(y, 1),
                w=band_w,
                h=band_h,
                is_empty=not group,
            )
        )
        y += band_h + g.band_gap
    height = y - g.band_gap + g.margin

    panel_top, panel_bottom = realisation_rows
    panel_h = panel_bottom - panel_top
    left_x = g.margin + g.band_padding
    right_x = width - g.margin - g.band_padding - g.side_width
    panel_chars = max(2, int(g.chars_per_line * g.side_width / g.box_width))
    requirements = Panel(
        left_x,
        panel_top,
        g.side_width,
        panel_h,
        _text_block(
            wrap_text(requirements_label, panel_chars, 5),
            left_x + g.side_width / 2,
            panel_top,
            panel_h,
            g.line_height,
        ),
    )
    satisfaction = Panel(
        right_x,
        panel_top,
        g.side_width,
        panel_h,
        _text_block(
            wrap_text(satisfaction_label, panel_chars, 5),
            right_x + g.side_width / 2,
            panel_top,
            panel_h,
            g.line_height,
        ),
    )
    tip = min(24.0, g.side_gap - 4)
    stream_top, stream_bottom = panel_top + 8, panel_bottom - 8
    stream_left, stream_right = left_x + g.side_width, right_x
    value_stream = (
        Point(stream_left, stream_top),
        Point(stream_right - tip, stream_top),
        Point(stream_right, (stream_top + stream_bottom) / 2),
        Point(stream_right - tip, stream_bottom),
        Point(stream_left, stream_bottom),
    )

    # Corridor i is the free strip above row i; corridor len(rows) the strip below the last row.
    corridor_tops = [g.margin] + row_bottoms
    corridor_bottoms = row_tops + [height - g.margin]
    arrows = _route_arrows(
        boxes,
        flows,
        corridor_tops=corridor_tops,
        corridor_bottoms=corridor_bottoms,
        obstacles_by_row=_obstacles_by_row(boxes, requirements, satisfaction, row_tops, row_bottoms),
        x_range=(g.margin, width - g.margin),
    )
    return MapLayout(
        width=width,
        height=height,
        bands=tuple(bands),
        boxes=tuple(boxes),
        arrows=arrows,
        requirements=requirements,
        satisfaction=satisfaction,
        value_stream=value_stream,
    )


def _obstacles_by_row(
    boxes: Sequence[Box],
    requirements: Panel,
    satisfaction: Panel,
    row_tops: Sequence[float],
    row_bottoms: Sequence[float],
) -> dict[int, list[tuple[float, float]]]:
    """The x-intervals taken by boxes (and by the panels, which span the realisation rows) in each row."""
    obstacles: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for box in boxes:
        obstacles[box.row].append((box.x, box.right))
    for row, (top, bottom) in enumerate(zip(row_tops, row_bottoms, strict=True)):
        for panel in (requirements, satisfaction):
            if panel.h > 0 and top < panel.y + panel.h and bottom > panel.y:
                obstacles[row].append((panel.x, panel.x + panel.w))
    return obstacles


def _free_intervals(
    taken: Sequence[tuple[float, float]], x_range: tuple[float, float]
) -> list[tuple[float, float]]:
    """The parts of ``x_range`` at least ``CLEARANCE`` away from every taken interval."""
    low, high = x_range
    free: list[tuple[float, float]] = []
    cursor = low
    for start, end in sorted(taken):
        if start - CLEARANCE > cursor:
            free.append((cursor, start - CLEARANCE))
        cursor = max(cursor, end + CLEARANCE)
    if cursor < high:
        free.append((cursor, high))
    return free


def _intersect(
    a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    result = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                result.append((start, end))
    return result


def _route_arrows(
    boxes: Sequence[Box],
    flows: Sequence[Flow],
    *,
    corridor_tops: Sequence[float],
    corridor_bottoms: Sequence[float],
    obstacles_by_row: Mapping[int, Sequence[tuple[float, float]]],
    x_range: tuple[float, float],
) -> tuple[Arrow, ...]:
    by_key = {box.key: box for box in boxes}
    pairs: dict[tuple[int, int], list[str]] = {}
    for flow in flows:
        if flow.source == flow.target or flow.source not in by_key or flow.target not in by_key:
            continue
        pairs.setdefault((flow.source, flow.target), []).append(flow.label)

    routes: list[_Route] = []
    for (source_key, target_key), labels in pairs.items():
        source, target = by_key[source_key], by_key[target_key]
        if source.row == target.row and abs(source.column - target.column) == 1:
            rightward = target.column > source.column
            # Both directions between neighbours share the facing edges: rightward above, leftward below.
            order = (0.0 if rightward else 1.0,)
            start = _Port(source.key, "right" if rightward else "left", order)
            end = _Port(target.key, "left" if rightward else "right", order)
            corridors: list[int] = []
        elif source.row == target.row:
            start = _Port(source.key, "top", (target.cx, 1.0))
            end = _Port(target.key, "top", (source.cx, 0.0))
            corridors = [source.row]
        elif source.row < target.row:
            start = _Port(source.key, "bottom", (target.cx, 0.0))
            end = _Port(target.key, "top", (source.cx, 1.0))
            corridors = [source.row + 1] if target.row == source.row + 1 else [source.row + 1, target.row]
        else:
            start = _Port(source.key, "top", (target.cx, 0.0))
            end = _Port(target.key, "bottom", (source.cx, 1.0))
            corridors = [source.row] if source.row == target.row + 1 else [source.row, target.row + 1]
        routes.append(
            _Route(
                source=source,
                target=target,
                labels=tuple(labels),
                start=start,
                end=end,
                corridors=corridors,
                lanes={},
                needs_connector=len(corridors) == 2,
            )
        )

    _place_ports(routes, by_key)
    _place_connectors(routes, obstacles_by_row, x_range)
    _place_lanes(routes, corridor_tops, corridor_bottoms)
    return tuple(_polyline(route) for route in routes)


def _place_ports(routes: Sequence[_Route], by_key: Mapping[int, Box]) -> None:
    """Spread the ports of each box edge evenly along it, ordered to avoid crossings near the box."""
    edges: dict[tuple[int, str], list[_Port]] = defaultdict(list)
    for route in routes:
        edges[(route.start.box, route.start.edge)].append(route.start)
        edges[(route.end.box, route.end.edge)].append(route.end)
    for (key, edge), ports in edges.items():
        box = by_key[key]
        ports.sort(key=lambda port: port.order)
        count = len(ports)
        for index, port in enumerate(ports):
            share = (index + 1) / (count + 1)
            if edge in ("top", "bottom"):
                x = round(box.x + box.w * share, 1)
                port.point = Point(x, box.y if edge == "top" else box.bottom)
            else:
                y = round(box.y + box.h * share, 1)
                port.point = Point(box.right if edge == "right" else box.x, y)


def _place_connectors(
    routes: Sequence[_Route],
    obstacles_by_row: Mapping[int, Sequence[tuple[float, float]]],
    x_range: tuple[float, float],
) -> None:
    """Choose, for arrows spanning several rows, a vertical run free of boxes in the rows crossed."""
    by_interval: dict[tuple[float, float], list[_Route]] = defaultdict(list)
    for route in routes:
        if not route.needs_connector:
            continue
        assert route.start.point is not None and route.end.point is not None
        low_row, high_row = sorted((route.source.row, route.target.row))
        free = [x_range]
        for row in range(low_row + 1, high_row):
            free = _intersect(free, _free_intervals(obstacles_by_row.get(row, ()), x_range))
        wanted = (route.start.point.x + route.end.point.x) / 2
        # The margins are always free, so ``free`` is never empty.
        interval = min(free, key=lambda span: (abs(min(max(wanted, span[0]), span[1]) - wanted), span[0]))
        by_interval[interval].append(route)
    for (start, end), sharing in by_interval.items():
        sharing.sort(key=lambda route: ((route.start.point.x + route.end.point.x) / 2, route.source.key))  # type: ignore[union-attr]
        for index, route in enumerate(sharing):
            route.connector_x = round(start + (end - start) * (index + 1) / (len(sharing) + 1), 1)


def _place_lanes(
    routes: Sequence[_Route], corridor_tops: Sequence[float], corridor_bottoms: Sequence[float]
) -> None:
    """Give every arrow crossing a corridor its own horizontal lane in it, evenly spread."""
    users: dict[int, list[tuple[float, int, _Route]]] = defaultdict(list)
    for index, route in enumerate(routes):
        for corridor in route.corridors:
            users[corridor].append((_lane_sort_key(route, corridor), index, route))
    for corridor, entries in users.items():
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        top, bottom = corridor_tops[corridor], corridor_bottoms[corridor]
        for position, (_, _, route) in enumerate(entries):
            route.lanes[corridor] = round(top + (bottom - top) * (position + 1) / (len(entries) + 1), 1)


def _lane_sort_key(route: _Route, corridor: int) -> float:
    """Lanes ordered by the leftmost x of the horizontal run, so short runs stack predictably."""
    assert route.start.point is not None and route.end.point is not None
    if not route.needs_connector:
        return min(route.start.point.x, route.end.point.x)
    assert route.connector_x is not None
    anchor = route.start.point.x if corridor == route.corridors[0] else route.end.point.x
    return min(anchor, route.connector_x)


def _polyline(route: _Route) -> Arrow:
    start, end = route.start.point, route.end.point
    assert start is not None and end is not None
    points = [start]
    if not route.corridors:
        points.append(end)
    elif len(route.corridors) == 1:
        lane = route.lanes[route.corridors[0]]
        points += [Point(start.x, lane), Point(end.x, lane), end]
    else:
        assert route.connector_x is not None
        first, second = route.lanes[route.corridors[0]], route.lanes[route.corridors[1]]
        points += [
            Point(start.x, first),
            Point(route.connector_x, first),
            Point(route.connector_x, second),
            Point(end.x, second),
            end,
        ]
    return Arrow(route.source.key, route.target.key, route.labels, _simplify(points))


def _simplify(points: Sequence[Point]) -> tuple[Point, ...]:
    """Drop repeated points and the middle point of three collinear ones."""
    kept: list[Point] = []
    for point in points:
        if kept and math.isclose(kept[-1].x, point.x) and math.isclose(kept[-1].y, point.y):
            continue
        if len(kept) >= 2:
            a, b = kept[-2], kept[-1]
            if (math.isclose(a.x, b.x) and math.isclose(b.x, point.x)) or (
                math.isclose(a.y, b.y) and math.isclose(b.y, point.y)
            ):
                kept[-1] = point
                continue
        kept.append(point)
    return tuple(kept)

"""Layout of the process map, checked against coordinates worked out by hand (no database)."""

import itertools

import pytest

from qsse.processes.calculations import (
    Box,
    Flow,
    MapGeometry,
    Point,
    ProcessNode,
    TextLine,
    process_map_layout,
    wrap_text,
)

LABELS = {"management": "Management", "realisation": "Realisation", "support": "Support"}

# Round numbers so that every coordinate below can be checked with pencil and paper.
SMALL = MapGeometry(
    box_width=120,
    box_height=60,
    column_gap=40,
    row_gap=40,
    band_gap=20,
    band_header=30,
    band_padding=10,
    margin=10,
    side_width=60,
    side_gap=30,
    max_columns=3,
    line_height=10,
    chars_per_line=20,
    max_name_lines=2,
)


def small_map():
    nodes = [
        ProcessNode(1, "M1", "Strategy", "management"),
        ProcessNode(2, "R1", "Sales", "realisation", position=0),
        ProcessNode(3, "R2", "Machining", "realisation", position=1),
        ProcessNode(4, "S1", "People", "support"),
    ]
    flows = [
        Flow(2, 3, "orders"),
        Flow(3, 2, "feedback"),
        Flow(1, 3, "objectives"),
        Flow(4, 1, "competent staff"),
    ]
    return process_map_layout(
        nodes,
        flows,
        band_labels=LABELS,
        requirements_label="Needs",
        satisfaction_label="Satisfaction",
        geometry=SMALL,
    )


def boxes_by_code(layout):
    return {box.code: box for box in layout.boxes}


def arrow(layout, source, target):
    return next(a for a in layout.arrows if (a.source, a.target) == (source, target))


def test_small_map_dimensions():
    # Width: margin 10 + padding 10 + panel 60 + gap 30 = 110 to the grid; grid 2 x 120 + 40 = 280;
    # then gap 30 + panel 60 + padding 10 + margin 10: 110 + 280 + 110 = 500.
    # Height: three bands of 30 + 60 + 10 = 100, two gaps of 20, two margins of 10: 360.
    layout = small_map()
    assert (layout.width, layout.height) == (500, 360)
    assert layout.view_box == "0 0 500 360"


def test_bands_are_stacked_management_realisation_support():
    layout = small_map()
    assert [(band.kind, band.y, band.h) for band in layout.bands] == [
        ("management", 10, 100),
        ("realisation", 130, 100),
        ("support", 250, 100),
    ]
    assert all(band.x == 10 and band.w == 480 for band in layout.bands)
    assert [band.label for band in layout.bands] == [
        TextLine("Management", 20, 32),
        TextLine("Realisation", 20, 152),
        TextLine("Support", 20, 272),
    ]


def test_boxes_positions_by_band_and_position():
    boxes = boxes_by_code(small_map())
    # One management box centred on the grid: 110 + (280 - 120) / 2 = 190.
    assert (boxes["M1"].x, boxes["M1"].y, boxes["M1"].w, boxes["M1"].h) == (190, 40, 120, 60)
    assert (boxes["R1"].x, boxes["R1"].y) == (110, 160)
    assert (boxes["R2"].x, boxes["R2"].y) == (270, 160)
    assert (boxes["S1"].x, boxes["S1"].y) == (190, 280)


def test_position_orders_boxes_left_to_right():
    nodes = [
        ProcessNode(1, "R-B", "B", "realisation", position=2),
        ProcessNode(2, "R-A", "A", "realisation", position=1),
        ProcessNode(3, "R-C", "C", "realisation", position=1),
    ]
    layout = process_map_layout(
        nodes, [], band_labels=LABELS, requirements_label="N", satisfaction_label="S", geometry=SMALL
    )
    ordered = sorted((box for box in layout.boxes), key=lambda box: box.x)
    assert [box.code for box in ordered] == ["R-A", "R-C", "R-B"]


def test_box_text_is_centred_code_first():
    box = boxes_by_code(small_map())["M1"]
    # Two lines of 10: block from 40 + (60 - 20) / 2 = 60; baselines at 60 + 7.5 and 70 + 7.5.
    assert box.lines == (TextLine("M1", 250, 67.5), TextLine("Strategy", 250, 77.5))


def test_customer_panels_frame_the_realisation_band():
    layout = small_map()
    assert (layout.requirements.x, layout.requirements.y, layout.requirements.w, layout.requirements.h) == (
        20,
        160,
        60,
        60,
    )
    assert (layout.satisfaction.x, layout.satisfaction.y) == (420, 160)
    assert layout.value_stream_points == "80,168 396,168 420,190 396,212 80,212"


def test_arrows_between_neighbours_are_straight_and_do_not_overlap():
    layout = small_map()
    # R1 right edge x = 230, R2 left edge x = 270; two arrows share the facing edges at 1/3 and 2/3
    # of the height 60: y = 180 (rightward) and y = 200 (leftward).
    assert arrow(layout, 2, 3).points == (Point(230, 180), Point(270, 180))
    assert arrow(layout, 3, 2).points == (Point(270, 200), Point(230, 200))
    assert arrow(layout, 2, 3).path == "M 230 180 L 270 180"


def test_arrow_down_to_the_next_band():
    layout = small_map()
    # M1 bottom edge (y 100) has two ports, ordered by the x of the other end: S1 (cx 250) then
    # R2 (cx 330): x = 190 + 120/3 = 230 and 190 + 240/3 = 270. R2 top edge: one port at its middle
    # 330. The corridor between y 100 and 160 holds two lanes: 120 (S1 -> M1, further left) and 140.
    assert arrow(layout, 1, 3).points == (Point(270, 100), Point(270, 140), Point(330, 140), Point(330, 160))


def test_arrow_across_a_band_goes_through_a_free_gap():
    layout = small_map()
    # S1 -> M1 crosses the realisation row, where R1 ends at 230 and R2 starts at 270: with 6 of
    # clearance the free gap is 236..264 and the run takes its middle, 250, which is also S1's top
    # port, so the path goes straight up (through the lane 250 of the corridor 220..280, where it
    # does not turn) to the lane 120 above, then left to M1's port 230.
    assert arrow(layout, 4, 1).points == (Point(250, 280), Point(250, 120), Point(230, 120), Point(230, 100))


def test_multiple_flows_between_two_processes_make_one_arrow():
    nodes = [ProcessNode(1, "A", "A", "realisation"), ProcessNode(2, "B", "B", "realisation")]
    flows = [Flow(1, 2, "orders"), Flow(1, 2, "drawings"), Flow(1, 1, "self"), Flow(1, 99, "unknown")]
    layout = process_map_layout(
        nodes, flows, band_labels=LABELS, requirements_label="N", satisfaction_label="S", geometry=SMALL
    )
    assert len(layout.arrows) == 1
    assert layout.arrows[0].labels == ("orders", "drawings")


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        process_map_layout(
            [ProcessNode(1, "X", "X", "other")],
            [],
            band_labels=LABELS,
            requirements_label="",
            satisfaction_label="",
        )


def test_empty_bands_are_still_drawn():
    layout = process_map_layout([], [], band_labels=LABELS, requirements_label="N", satisfaction_label="S")
    assert [band.is_empty for band in layout.bands] == [True, True, True]
    assert layout.boxes == () and layout.arrows == ()


# --- A full map like the demo organisation's: general guarantees -----------------------------------

DEMO = {
    "management": ["Strategy and management review", "QSSE management and improvement", "Communication"],
    "realisation": [
        "Sales and customer relations",
        "Design and industrialisation",
        "Purchasing and suppliers",
        "Production planning",
        "Machining",
        "Surface treatment and painting",
        "Inspection and shipping",
        "After-sales and complaints",
        "Extra process to force a second row",
    ],
    "support": ["Human resources", "Maintenance", "Metrology", "IT and documents", "HSE", "Finance"],
}


def demo_map():
    nodes, key = [], 1
    for kind, names in DEMO.items():
        for position, name in enumerate(names):
            nodes.append(ProcessNode(key, f"{kind[0].upper()}{position + 1:02d}", name, kind, position))
            key += 1
    keys = [node.key for node in nodes]
    # Every fifth pair, both directions: same row, neighbours, bands apart, rows apart.
    flows = [Flow(a, b, f"{a}->{b}") for a, b in itertools.permutations(keys, 2) if (a * 7 + b * 3) % 5 == 0]
    return (
        nodes,
        flows,
        process_map_layout(
            nodes,
            flows,
            band_labels=LABELS,
            requirements_label="Customer requirements",
            satisfaction_label="Satisfaction",
        ),
    )


def _inside(box: Box, x: float, y: float) -> bool:
    return box.x < x < box.right and box.y < y < box.bottom


def _segment_crosses(box: Box, a: Point, b: Point) -> bool:
    """Whether an axis-parallel segment enters the interior of ``box``."""
    if a.x == b.x:
        low, high = sorted((a.y, b.y))
        return box.x < a.x < box.right and low < box.bottom and high > box.y
    low, high = sorted((a.x, b.x))
    return box.y < a.y < box.bottom and low < box.right and high > box.x


def test_demo_boxes_do_not_overlap_and_stay_in_their_band():
    _, _, layout = demo_map()
    for first, second in itertools.combinations(layout.boxes, 2):
        assert (
            first.right <= second.x
            or second.right <= first.x
            or first.bottom <= second.y
            or (second.bottom <= first.y)
        ), (first.code, second.code)
    bands = {band.kind: band for band in layout.bands}
    for box in layout.boxes:
        band = bands[box.kind]
        assert band.x <= box.x and box.right <= band.x + band.w
        assert band.y <= box.y and box.bottom <= band.y + band.h
    assert bands["management"].y + bands["management"].h < bands["realisation"].y
    assert bands["realisation"].y + bands["realisation"].h < bands["support"].y
    # Nine realisation processes with 8 columns: two rows, the ninth alone on the second row.
    realisation_rows = {box.y for box in layout.boxes if box.kind == "realisation"}
    assert len(realisation_rows) == 2


def test_demo_arrows_start_and_end_on_box_edges_and_avoid_boxes():
    _, flows, layout = demo_map()
    boxes = {box.key: box for box in layout.boxes}
    assert len(layout.arrows) == len({(f.source, f.target) for f in flows})
    for arrow_ in layout.arrows:
        source, target = boxes[arrow_.source], boxes[arrow_.target]
        for box, point in ((source, arrow_.start), (target, arrow_.end)):
            on_vertical_edge = point.x in (box.x, box.right) and box.y <= point.y <= box.bottom
            on_horizontal_edge = point.y in (box.y, box.bottom) and box.x <= point.x <= box.right
            assert on_vertical_edge or on_horizontal_edge, (arrow_.source, arrow_.target, point)
        for a, b in itertools.pairwise(arrow_.points):
            assert a.x == b.x or a.y == b.y  # orthogonal segments
            for box in layout.boxes:
                assert not _segment_crosses(box, a, b), (arrow_.source, arrow_.target, box.code)
        for box in (layout.requirements, layout.satisfaction):
            for a, b in itertools.pairwise(arrow_.points):
                assert not (
                    box.x < a.x < box.x + box.w
                    and a.x == b.x
                    and min(a.y, b.y) < box.y + box.h
                    and max(a.y, b.y) > box.y
                )


def test_demo_arrows_leave_distinct_ports():
    _, _, layout = demo_map()
    starts = [arrow_.start for arrow_ in layout.arrows]
    ends = [arrow_.end for arrow_ in layout.arrows]
    assert len(set(starts + ends)) == len(starts) + len(ends)


@pytest.mark.parametrize(
    ("text", "max_chars", "max_lines", "expected"),
    [
        ("Surface treatment and painting", 19, 3, ("Surface treatment", "and painting")),
        ("Metrology", 19, 3, ("Metrology",)),
        ("a b c d e f", 3, 2, ("a b", "c…")),
        ("Industrialisation", 5, 5, ("Indus", "trial", "isati", "on")),
        ("  spaced   out  ", 20, 2, ("spaced out",)),
        # A compound too long for a line breaks after its hyphen rather than inside a word.
        (
            "Customer and interested-party satisfaction",
            13,
            5,
            ("Customer and", "interested-", "party", "satisfaction"),
        ),
        ("self-assessment", 20, 2, ("self-assessment",)),
    ],
)
def test_wrap_text(text, max_chars, max_lines, expected):
    assert wrap_text(text, max_chars, max_lines) == expected

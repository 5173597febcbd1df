"""Pure computations, checked against hand-worked numbers (no database)."""

from decimal import Decimal

from qsse.nonconformities.calculations import (
    FishboneCategory,
    FishboneCause,
    ParetoRow,
    cost_of_nonquality_total,
    fishbone_layout,
    pareto,
    pareto_chart,
    pareto_vital_few,
    shorten,
)


def test_pareto_sorts_by_count_and_accumulates_to_100():
    # 100 records: 45 product, 25 process, 15 documentation, 10 service, 5 safety, 0 other.
    # Cumulative: 45, 70, 85, 95, 100 %.
    counts = {"service": 10, "product": 45, "safety": 5, "documentation": 15, "process": 25, "other": 0}
    assert pareto(counts) == [
        ("product", 45, 45.0),
        ("process", 25, 70.0),
        ("documentation", 15, 85.0),
        ("service", 10, 95.0),
        ("safety", 5, 100.0),
    ]


def test_pareto_rounds_each_cumulative_from_exact_counts():
    # 7 + 3 + 2 = 12 → 7/12 = 58.33 %, 10/12 = 83.33 %, 12/12 = 100 %.
    rows = pareto({"A": 7, "B": 3, "C": 2})
    assert rows == [ParetoRow("A", 7, 58.3), ParetoRow("B", 3, 83.3), ParetoRow("C", 2, 100.0)]
    label, count, cumulative = rows[1]
    assert (label, count, cumulative) == ("B", 3, 83.3)


def test_pareto_breaks_ties_by_label_and_ignores_an_empty_set():
    assert [row.label for row in pareto({"b": 2, "a": 2, "c": 5})] == ["c", "a", "b"]
    assert pareto({}) == [] and pareto({"a": 0}) == []


def test_vital_few_stops_at_the_category_that_reaches_80_percent():
    # 45, 70, 85 → documentation crosses 80 % and is the last of the vital few.
    rows = pareto({"product": 45, "process": 25, "documentation": 15, "service": 10, "safety": 5})
    assert pareto_vital_few(rows) == ["product", "process", "documentation"]
    # Exactly 80 % at the second category: the third is not needed.
    rows = pareto({"A": 50, "B": 30, "C": 15, "D": 5})
    assert pareto_vital_few(rows) == ["A", "B"]
    assert pareto_vital_few([]) == []


def test_pareto_chart_scales_bars_to_the_largest_and_the_curve_to_100_percent():
    # Width 400, 2 bars → slots of 200; plot from y=16 to y=172 (height 180, bottom margin 8): 156 px.
    chart = pareto_chart(pareto({"A": 6, "B": 2}), width=400, height=180)
    first, second = chart.bars
    assert (first.x, first.width, first.height, first.y) == (4.0, 192.0, 156.0, 16.0)
    assert (second.x, second.height, second.y) == (204.0, 52.0, 120.0)  # 2/6 of 156 = 52
    assert (first.point_y, second.point_y) == (55.0, 16.0)  # 75 % → 172 - 117; 100 % → top
    assert chart.threshold_y == 47.2  # 80 % → 172 - 124.8
    assert chart.curve_points == "100.0,55.0 300.0,16.0"
    assert first.is_vital_few and second.is_vital_few  # 75 % before B: B crosses 80 %


def test_cost_of_nonquality_total_ignores_unknown_costs_and_rounds_to_the_cent():
    assert cost_of_nonquality_total([Decimal("1250.50"), None, Decimal("349.505"), 100]) == Decimal("1700.01")
    assert cost_of_nonquality_total([]) == Decimal("0.00")


def test_fishbone_layout_of_one_category_with_one_cause():
    # One bone: slots=1 → width 20 + 320 + 190 + 20 = 550; 4 rows minimum → bone 100 px high,
    # slant min(45, 60) = 45; spine at 34 + 100 = 134; height 134 + 100 + 34 = 268.
    layout = fishbone_layout(
        "Burr on bore", [FishboneCategory("machine", "Machine", (FishboneCause("Worn tool"),))]
    )
    assert (layout.width, layout.height, layout.spine_y) == (550, 268, 134.0)
    (bone,) = layout.bones
    assert bone.is_top and (bone.x1, bone.y1, bone.x2, bone.y2) == (285.0, 34.0, 330.0, 134.0)
    assert (bone.label_x, bone.label_y) == (285.0, 24.0)
    (mark,) = bone.marks
    # First row 20 px below the outer end: 1/5 of the way → x = 285 + 9 = 294.
    assert (mark.x1, mark.x2, mark.y, mark.text_x, mark.text_y) == (264.0, 294.0, 54.0, 260.0, 58.0)
    assert layout.head_lines == ("Burr on bore",)
    assert layout.head_x == 346.0


def test_fishbone_draws_only_present_categories_alternately_above_and_below():
    categories = [
        FishboneCategory("manpower", "Manpower", (FishboneCause("Newcomer not trained"),)),
        FishboneCategory("method", "Method", ()),
        FishboneCategory(
            "machine", "Machine", (FishboneCause("Worn tool", True, (("No tool-life counter", True),)),)
        ),
        FishboneCategory("material", "Material", (FishboneCause("Bar out of tolerance"),)),
    ]
    layout = fishbone_layout("Burr", categories)
    assert [bone.key for bone in layout.bones] == ["manpower", "machine", "material"]
    assert [bone.is_top for bone in layout.bones] == [True, False, True]
    # Two slots: the third bone goes in the second slot, 320 px to the right of the first.
    assert layout.bones[2].x2 - layout.bones[0].x2 == 320.0
    machine = layout.bones[1]
    assert [(m.full_text, m.is_sub_cause, m.is_retained) for m in machine.marks] == [
        ("Worn tool", False, True),
        ("No tool-life counter", True, True),
    ]
    # Below the spine the rows start next to it (134 + 20) and the cause's sub-cause comes under it;
    # 20 px under the spine is 4/5 of the way from the outer end → x = 285 + 36 = 321.
    assert [(m.y, m.x2) for m in machine.marks] == [(154.0, 321.0), (174.0, 290.0)]


def test_long_texts_are_shortened_with_an_ellipsis():
    assert shorten("a  b   c", 10) == "a b c"
    assert shorten("abcdefghij", 5) == "abcd…"
    layout = fishbone_layout("x" * 200, [FishboneCategory("method", "Method", (FishboneCause("y" * 200),))])
    assert layout.bones[0].marks[0].text.endswith("…")
    assert len(layout.head_lines) == 5 and layout.head_lines[-1].endswith("…")


def test_a_long_retained_cause_is_shortened_more_to_stay_inside_the_drawing():
    # Text room 320 - 10 - 45 - 34 - 6 = 225 px: 35 regular characters at 6.4 px, but a retained
    # cause is bold (6.4 x 1.15 = 7.36 px) after "★ ": int(225 / 7.36) - 2 = 28 characters.
    causes = (FishboneCause("y" * 200, True), FishboneCause("z" * 200))
    layout = fishbone_layout("Burr", [FishboneCategory("method", "Method", causes)])
    retained, plain = layout.bones[0].marks
    assert retained.text == "y" * 27 + "…"
    assert plain.text == "z" * 34 + "…"
    # The bold label with its star, right-aligned on text_x, starts right of the left edge.
    assert retained.text_x - (len(retained.text) + 2) * 6.4 * 1.15 >= 0

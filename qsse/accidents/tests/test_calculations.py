"""The rates and the tree of causes on hand-worked examples (no database).

Formulas: ../shared/domain/qsse-rules-brief.md §2.1 (TF, TG, IF; TF2 practitioners' convention);
tree of causes: §2.3 (INRS ED 6163)."""

from datetime import date
from decimal import Decimal

from qsse.accidents import calculations as calc
from qsse.accidents.calculations import Link, PeriodFigures


def test_frequency_rate_hand_worked():
    # 3 accidents with lost time over 150,000 hours: 3 × 1,000,000 / 150,000 = 20.
    assert calc.accident_frequency_rate(3, 150_000) == Decimal("20.00")
    # One accident in a month of 13,000 hours: 1,000,000 / 13,000 = 76.923… → 76.92.
    assert calc.accident_frequency_rate(1, Decimal("13000")) == Decimal("76.92")
    assert calc.accident_frequency_rate(0, 13_000) == Decimal("0.00")


def test_severity_rate_and_frequency_index_hand_worked():
    # 45 days lost over 150,000 hours: 45 × 1,000 / 150,000 = 0.30.
    assert calc.accident_severity_rate(45, 150_000) == Decimal("0.30")
    # 3 accidents for 95 people: 3,000 / 95 = 31.578… → 31.58.
    assert calc.accident_frequency_index(3, 95) == Decimal("31.58")
    # TF2 counts the 2 accidents without lost time too: 5 × 1,000,000 / 150,000 = 33.33.
    assert calc.accident_frequency_rate_2(5, 150_000) == Decimal("33.33")


def test_month_without_hours_is_not_computable():
    """No hours worked (0) or none entered (None): every rate is None, no ZeroDivisionError."""
    for hours in (0, None, Decimal("0")):
        figures = PeriodFigures(lost_time_accidents=1, other_accidents=1, days_lost=4, hours_worked=hours)
        result = calc.rates(figures)
        assert (result.tf, result.tf2, result.tg) == (None, None, None)
    assert calc.accident_frequency_index(1, 0) is None
    assert calc.rates(PeriodFigures(lost_time_accidents=1, average_headcount=Decimal(0))).indice is None


def test_rates_of_a_month():
    figures = PeriodFigures(
        lost_time_accidents=1,
        other_accidents=1,
        days_lost=12,
        hours_worked=Decimal("12500"),
        average_headcount=Decimal("95"),
    )
    result = calc.rates(figures)
    assert result.tf == Decimal("80.00")  # 1,000,000 / 12,500
    assert result.tf2 == Decimal("160.00")  # 2,000,000 / 12,500
    assert result.tg == Decimal("0.96")  # 12,000 / 12,500
    assert result.indice == Decimal("10.53")  # 1,000 / 95 = 10.526…


def test_rolling_12_months():
    end = date(2026, 10, 1)
    by_month = {
        month: PeriodFigures(hours_worked=Decimal(12000), average_headcount=Decimal(95))
        for month in calc.last_months(end)
    }
    by_month[date(2026, 3, 1)] = PeriodFigures(1, 0, 20, Decimal(12000), Decimal(95))
    by_month[date(2025, 11, 1)] = PeriodFigures(1, 2, 10, Decimal(12000), Decimal(97))
    # Outside the window (October 2025): not counted.
    by_month[date(2025, 10, 1)] = PeriodFigures(5, 0, 100, Decimal(12000), Decimal(95))
    total = calc.rolling_12_months(by_month, end)
    assert (total.lost_time_accidents, total.other_accidents, total.days_lost) == (2, 2, 30)
    assert total.hours_worked == Decimal(144000)
    # Headcount: (11 × 95 + 97) / 12 = 95.1666… → 95.17.
    assert total.average_headcount == Decimal("95.17")
    result = calc.rates(total)
    assert result.tf == Decimal("13.89")  # 2,000,000 / 144,000 = 13.888…
    assert result.tf2 == Decimal("27.78")  # 4,000,000 / 144,000
    assert result.tg == Decimal("0.21")  # 30,000 / 144,000 = 0.2083…
    assert result.indice == Decimal("21.02")  # 2,000 / 95.17 = 21.015…
    # One month without hours entered: the 12 months' rates are not computable.
    del by_month[date(2026, 5, 1)]
    assert calc.rates(calc.rolling_12_months(by_month, end)).tf is None


def test_last_months_and_add_months():
    assert calc.last_months(date(2026, 2, 17), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert calc.add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)


def test_days_without_accident():
    # From 1 October to 25 November: 30 + 25 = 55 days.
    assert calc.days_without_accident(date(2026, 10, 1), date(2026, 11, 25)) == 55
    assert calc.days_without_accident(date(2026, 11, 25), date(2026, 11, 25)) == 0
    assert calc.days_without_accident(None, date(2026, 11, 25), since=date(2026, 11, 1)) == 24
    assert calc.days_without_accident(None, date(2026, 11, 25)) is None


# The tree: 1 = the injury; 2 and 3 both needed for 1 (conjunction); 4 and 5 both needed for 2
# (conjunction); 5 needed for 3 as well (disjunction); 6 → 4 (chain).
LINKS = [Link(2, 1), Link(3, 1), Link(4, 2), Link(5, 2), Link(5, 3), Link(6, 4)]


def test_link_kinds():
    assert calc.effect_link_kind(1, LINKS) == calc.CONJUNCTION
    assert calc.effect_link_kind(4, LINKS) == calc.CHAIN
    assert calc.effect_link_kind(6, LINKS) is None
    assert calc.is_disjunction(5, LINKS)
    assert not calc.is_disjunction(4, LINKS)


def test_link_problems():
    assert calc.link_problem(LINKS, 2, 2, root=1) == "self"
    assert calc.link_problem(LINKS, 1, 6, root=1) == "root"
    assert calc.link_problem(LINKS, 4, 2, root=1) == "duplicate"
    # 6 → 4 → 2: making 2 a cause of 6 would close a loop.
    assert calc.link_problem(LINKS, 2, 6, root=1) == "cycle"
    assert calc.link_problem(LINKS, 6, 3, root=1) is None


def test_tree_problems_and_levels():
    assert calc.tree_problems([1, 2, 3, 4, 5, 6], 1, LINKS) == []
    assert calc.tree_problems([1, 2, 7], 1, [Link(2, 1)]) == [("unlinked", 7)]
    looped = [Link(2, 1), Link(3, 2), Link(2, 3)]
    assert ("cycle", 2) in calc.tree_problems([1, 2, 3], 1, looped)
    assert calc.tree_problems([1, 2], 1, [Link(2, 1), Link(1, 2)])[0] == ("root_has_effect", 1)
    assert calc.tree_levels(1, LINKS) == {1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3}


def test_tree_layout():
    layout = calc.tree_layout(1, [1, 2, 3, 4, 5, 6, 7], LINKS)
    placed = {node.id: node for node in layout.nodes}
    # Four levels: the injury in the right-hand column, each level 220 further to the left.
    assert placed[1].x - placed[2].x == 220 and placed[2].x == placed[3].x
    assert placed[6].x == placed[1].x - 3 * 220
    assert layout.unlinked == (7,)
    assert placed[7].level == -1 and placed[7].y > max(p.y for p in layout.nodes if p.level >= 0)

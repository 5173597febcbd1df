"""Pure calculations of the accident register: the accident rates, the rolling 12 months, the days
without accident and the structure of a tree of causes. No ORM, no request, no clock.

Rates (``../shared/domain/qsse-rules-brief.md`` §2.1; bilan social indicators 311/312, Code du
travail R2323-17 annex; Cnam/Assurance Maladie – Risques professionnels):

- TF  (taux de fréquence) = accidents with lost time × 1,000,000 / hours worked;
- TF2 = every accident at work (with and without lost time) × 1,000,000 / hours worked
  (practitioners' convention, not statutory);
- TG  (taux de gravité) = days lost through temporary incapacity × 1,000 / hours worked;
- IF  (indice de fréquence) = accidents with lost time × 1,000 / average headcount.

Lost time means an absence of at least one day, the day of the accident excluded. A rate whose
divisor (hours worked, headcount) is zero or unknown is *not computable* and returned as ``None``,
never as zero and never through a division by zero.

Tree of causes (arbre des causes, INRS ED 6163; brief §2.3): facts only; habitual facts ("états",
drawn as rectangles) and unusual facts ("variations", circles); built backwards from the injury by
asking "what was needed for … ?". Links: *enchaînement* (chain: one fact necessary and sufficient for
the next), *conjonction* (two or more facts each necessary, none sufficient, for one effect),
*disjonction* (one fact necessary for two or more effects).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
Number = int | Decimal | float


def _rate(count: Number, factor: int, divisor: Number | None) -> Decimal | None:
    """``count × factor / divisor`` rounded half-up to 2 decimals; None when the divisor is 0 or
    unknown (the rate is not computable)."""
    if divisor is None or Decimal(str(divisor)) <= 0:
        return None
    value = Decimal(str(count)) * factor / Decimal(str(divisor))
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def accident_frequency_rate(lost_time_accidents: int, hours_worked: Number | None) -> Decimal | None:
    """TF = accidents with lost time × 1,000,000 / hours worked (brief §2.1); None if not computable."""
    return _rate(lost_time_accidents, 1_000_000, hours_worked)


def accident_frequency_rate_2(all_accidents: int, hours_worked: Number | None) -> Decimal | None:
    """TF2 = accidents with and without lost time × 1,000,000 / hours worked (brief §2.1)."""
    return _rate(all_accidents, 1_000_000, hours_worked)


def accident_severity_rate(days_lost: int, hours_worked: Number | None) -> Decimal | None:
    """TG = days lost × 1,000 / hours worked (brief §2.1); None if not computable."""
    return _rate(days_lost, 1_000, hours_worked)


def accident_frequency_index(lost_time_accidents: int, average_headcount: Number | None) -> Decimal | None:
    """IF = accidents with lost time × 1,000 / average headcount (brief §2.1); None if not computable.
    Statistically meaningful only for large populations: shown, but as an indication."""
    return _rate(lost_time_accidents, 1_000, average_headcount)


@dataclass(frozen=True)
class PeriodFigures:
    """What the register and the hours entered give for one site (or all) and one period.

    ``hours_worked`` / ``average_headcount`` None: nothing entered for the period."""

    lost_time_accidents: int = 0
    other_accidents: int = 0  # accidents at work without lost time (TF2)
    days_lost: int = 0
    hours_worked: Decimal | None = None
    average_headcount: Decimal | None = None


@dataclass(frozen=True)
class Rates:
    tf: Decimal | None
    tf2: Decimal | None
    tg: Decimal | None
    indice: Decimal | None


def rates(figures: PeriodFigures) -> Rates:
    """The four rates of one period; each None when not computable."""
    return Rates(
        tf=accident_frequency_rate(figures.lost_time_accidents, figures.hours_worked),
        tf2=accident_frequency_rate_2(
            figures.lost_time_accidents + figures.other_accidents, figures.hours_worked
        ),
        tg=accident_severity_rate(figures.days_lost, figures.hours_worked),
        indice=accident_frequency_index(figures.lost_time_accidents, figures.average_headcount),
    )


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_months(end_month: date, count: int = 12) -> list[date]:
    """The first days of the ``count`` months ending with ``end_month``'s, oldest first."""
    first = end_month.replace(day=1)
    return [add_months(first, offset) for offset in range(-count + 1, 1)]


def combine(months: Sequence[PeriodFigures]) -> PeriodFigures:
    """The figures of several months together (a rolling 12 months, a year).

    Accidents and days lost add up. Hours worked add up only when every month has its hours
    entered: one month missing makes the period's hours unknown (rates not computable) rather than
    silently understated. The average headcount is the mean of the months' headcounts, known only
    when every month has one."""
    if not months:
        return PeriodFigures()
    hours = [m.hours_worked for m in months]
    headcounts = [m.average_headcount for m in months]
    total_hours = None if any(h is None for h in hours) else sum((Decimal(h) for h in hours), Decimal(0))
    average = (
        None
        if any(h is None for h in headcounts)
        else (sum((Decimal(h) for h in headcounts), Decimal(0)) / len(headcounts)).quantize(TWO_PLACES)
    )
    return PeriodFigures(
        lost_time_accidents=sum(m.lost_time_accidents for m in months),
        other_accidents=sum(m.other_accidents for m in months),
        days_lost=sum(m.days_lost for m in months),
        hours_worked=total_hours,
        average_headcount=average,
    )


def rolling_12_months(by_month: dict[date, PeriodFigures], end_month: date) -> PeriodFigures:
    """The figures of the 12 months ending with ``end_month`` (a month absent from ``by_month``
    has no hours entered, so the period's rates are not computable)."""
    return combine([by_month.get(month, PeriodFigures()) for month in last_months(end_month, 12)])


def days_without_accident(
    last_accident_on: date | None, today: date, since: date | None = None
) -> int | None:
    """Whole days since the last accident (0 on the day of an accident). With no accident recorded,
    the days since ``since`` (the start of the register), or None when that is unknown too."""
    start = last_accident_on or since
    if start is None:
        return None
    return max((today - start).days, 0)


# --- Tree of causes ----------------------------------------------------------------------------

CHAIN = "chain"
CONJUNCTION = "conjunction"
DISJUNCTION = "disjunction"


@dataclass(frozen=True)
class Link:
    """``cause`` was needed for ``effect`` (node ids)."""

    cause: int
    effect: int


def causes_of(links: Iterable[Link]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(list)
    for link in links:
        result[link.effect].append(link.cause)
    return result


def effects_of(links: Iterable[Link]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(list)
    for link in links:
        result[link.cause].append(link.effect)
    return result


def effect_link_kind(effect: int, links: Iterable[Link]) -> str | None:
    """How an effect is produced: one cause = chain (enchaînement), two or more = conjunction
    (conjonction); None when it has no cause yet (a leaf of the tree)."""
    count = len(causes_of(links).get(effect, []))
    if count == 0:
        return None
    return CHAIN if count == 1 else CONJUNCTION


def is_disjunction(cause: int, links: Iterable[Link]) -> bool:
    """A fact necessary for two or more effects is a disjunction (disjonction)."""
    return len(effects_of(links).get(cause, [])) >= 2


def reaches(links: Iterable[Link], start: int, target: int) -> bool:
    """Whether ``target`` is reached from ``start`` following the links from cause to effect."""
    following = effects_of(links)
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == target:
            return True
        for nxt in following.get(node, []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def link_problem(links: Sequence[Link], cause: int, effect: int, root: int) -> str | None:
    """Why the link cause → effect cannot be added, or None when it can. Codes: ``self`` (a fact
    cannot cause itself), ``root`` (the injury is the end of the tree: it causes nothing),
    ``duplicate``, ``cycle`` (the effect already leads to the cause)."""
    if cause == effect:
        return "self"
    if cause == root:
        return "root"
    if Link(cause, effect) in set(links):
        return "duplicate"
    if reaches(links, effect, cause):
        return "cycle"
    return None


def tree_problems(nodes: Iterable[int], root: int, links: Sequence[Link]) -> list[tuple[str, int | None]]:
    """What is wrong with a tree: ``("root_has_effect", root)``, ``("cycle", node)``,
    ``("unlinked", node)`` for a fact that leads nowhere to the injury. Empty when the tree is
    sound."""
    node_set = set(nodes)
    problems: list[tuple[str, int | None]] = []
    if effects_of(links).get(root):
        problems.append(("root_has_effect", root))
    # A cycle: a node reaching itself through at least one link.
    following = effects_of(links)
    for node in sorted(node_set):
        if any(reaches(links, nxt, node) for nxt in following.get(node, [])):
            problems.append(("cycle", node))
    for node in sorted(node_set - {root}):
        if not reaches(links, node, root):
            problems.append(("unlinked", node))
    return problems


def tree_levels(root: int, links: Sequence[Link]) -> dict[int, int]:
    """The level of each fact linked to the injury: 0 for the injury, then the longest path from
    the injury backwards (a cause always stands further than each of its effects). Facts not
    linked to the injury are absent. Assumes no cycle."""
    preceding = causes_of(links)
    levels = {root: 0}
    queue = deque([root])
    guard = 0
    while queue:
        node = queue.popleft()
        guard += 1
        if guard > 10_000:
            break
        for cause in preceding.get(node, []):
            level = levels[node] + 1
            if levels.get(cause, -1) < level:
                levels[cause] = level
                queue.append(cause)
    return levels


@dataclass(frozen=True)
class PlacedNode:
    id: int
    x: float  # centre
    y: float
    level: int


@dataclass(frozen=True)
class TreeLayout:
    nodes: tuple[PlacedNode, ...]
    width: float
    height: float
    unlinked: tuple[int, ...]


def tree_layout(
    root: int,
    nodes: Sequence[int],
    links: Sequence[Link],
    *,
    column_width: float = 220,
    row_height: float = 90,
    margin: float = 20,
    node_width: float = 180,
) -> TreeLayout:
    """Coordinates of the diagram: the injury in the right-hand column, its causes one column to
    the left per level (as the INRS draws it, read from left to right towards the injury); in each
    column, facts in the order of their first effect, so that linked facts stay near. Facts not
    linked yet go to a last row."""
    levels = tree_levels(root, links)
    depth = max(levels.values(), default=0)
    preceding = causes_of(links)
    order: dict[int, float] = {root: 0}
    columns: dict[int, list[int]] = defaultdict(list)
    columns[0] = [root]
    for level in range(1, depth + 1):
        members = [node for node in nodes if levels.get(node) == level]
        position = {
            node: min(
                (order[effect] for effect, causes in preceding.items() if node in causes and effect in order),
                default=0,
            )
            for node in members
        }
        members.sort(key=lambda node: (position[node], node))
        for index, node in enumerate(members):
            order[node] = index
        columns[level] = members
    tallest = max((len(column) for column in columns.values()), default=1)
    height = margin * 2 + tallest * row_height
    width = margin * 2 + (depth + 1) * column_width
    placed: list[PlacedNode] = []
    for level, members in columns.items():
        x = width - margin - node_width / 2 - level * column_width
        offset = (tallest - len(members)) * row_height / 2
        for index, node in enumerate(members):
            placed.append(PlacedNode(node, x, margin + offset + index * row_height + row_height / 2, level))
    unlinked = tuple(node for node in nodes if node not in levels)
    if unlinked:
        row_y = height + row_height / 2
        for index, node in enumerate(unlinked):
            placed.append(PlacedNode(node, margin + node_width / 2 + index * column_width, row_y, -1))
        height += row_height
        width = max(width, margin * 2 + len(unlinked) * column_width)
    return TreeLayout(tuple(placed), width, height, unlinked)

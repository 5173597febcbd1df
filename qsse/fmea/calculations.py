"""Pure FMEA calculations: risk priority number, its level, the action priority looked up in a rules
table given as data, the validation of such a table, the before/after comparison and the Pareto of RPN.

No Django import: plain values and frozen dataclasses in and out.

Sources:
- RPN = S × O × D, each rating 1–10 (so 1–1,000): AIAG "Potential FMEA" reference manual, 4th
  edition (2008), and IEC 60812:2018 §10.3 (risk priority number).
- Action priority (AIAG-VDA FMEA handbook, 1st edition 2019): H/M/L read in a table over every
  S × O × D combination, passed in as rules (ranges of S, O and D → H, M or L). The handbook's
  table ships as data (qsse/fmea/data/, read by qsse.fmea.default_ap); organisations may load
  another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

RATING_MIN = 1
RATING_MAX = 10
RATINGS = range(RATING_MIN, RATING_MAX + 1)
AP_LEVELS = ("H", "M", "L")


class RatingError(ValueError):
    """A rating outside 1–10 (or not a whole number)."""


def check_rating(value: object, name: str = "rating") -> int:
    """Return ``value`` as an int if it is a whole rating 1–10; raise RatingError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RatingError(f"{name} must be a whole number from 1 to 10, got {value!r}")
    if not RATING_MIN <= value <= RATING_MAX:
        raise RatingError(f"{name} must be from 1 to 10, got {value}")
    return value


def risk_priority_number(severity: int, occurrence: int, detection: int) -> int:
    """RPN = S × O × D (1–1,000); each rating must be a whole number 1–10."""
    return (
        check_rating(severity, "severity")
        * check_rating(occurrence, "occurrence")
        * check_rating(detection, "detection")
    )


@dataclass(frozen=True)
class RpnThresholds:
    """An RPN at or above ``high`` is high, at or above ``medium`` is medium, else low."""

    high: int = 100
    medium: int = 50

    def __post_init__(self) -> None:
        if not 1 <= self.medium <= self.high <= 1000:
            raise ValueError("thresholds must satisfy 1 ≤ medium ≤ high ≤ 1000")


def rpn_level(rpn: int | None, thresholds: RpnThresholds) -> str:
    """ "high", "medium" or "low" for ``rpn``; "" when there is no RPN."""
    if rpn is None:
        return ""
    if rpn >= thresholds.high:
        return "high"
    if rpn >= thresholds.medium:
        return "medium"
    return "low"


@dataclass(frozen=True)
class ApRule:
    """S, O and D ranges (inclusive) → action priority H, M or L."""

    severity_min: int
    severity_max: int
    occurrence_min: int
    occurrence_max: int
    detection_min: int
    detection_max: int
    priority: str

    def matches(self, severity: int, occurrence: int, detection: int) -> bool:
        return (
            self.severity_min <= severity <= self.severity_max
            and self.occurrence_min <= occurrence <= self.occurrence_max
            and self.detection_min <= detection <= self.detection_max
        )

    def cells(self) -> Iterable[tuple[int, int, int]]:
        for s in range(self.severity_min, self.severity_max + 1):
            for o in range(self.occurrence_min, self.occurrence_max + 1):
                for d in range(self.detection_min, self.detection_max + 1):
                    yield (s, o, d)


def rule_errors(rule: ApRule) -> list[str]:
    """What is wrong with one rule (ranges outside 1–10 or reversed, unknown priority); [] if fine."""
    errors = []
    for name, low, high in (
        ("severity", rule.severity_min, rule.severity_max),
        ("occurrence", rule.occurrence_min, rule.occurrence_max),
        ("detection", rule.detection_min, rule.detection_max),
    ):
        if not (RATING_MIN <= low <= RATING_MAX and RATING_MIN <= high <= RATING_MAX):
            errors.append(f"{name} range {low}–{high} is outside 1–10")
        elif low > high:
            errors.append(f"{name} range {low}–{high} is reversed")
    if rule.priority not in AP_LEVELS:
        errors.append(f"priority {rule.priority!r} is not H, M or L")
    return errors


def action_priority(severity: int, occurrence: int, detection: int, rules: Sequence[ApRule]) -> str | None:
    """The priority of the first rule covering (S, O, D); None when no rule covers it."""
    check_rating(severity, "severity")
    check_rating(occurrence, "occurrence")
    check_rating(detection, "detection")
    for rule in rules:
        if rule.matches(severity, occurrence, detection):
            return rule.priority
    return None


def ap_lookup(rules: Sequence[ApRule]) -> dict[tuple[int, int, int], str]:
    """Every covered (S, O, D) → priority (first rule wins), for computing many lines at once."""
    table: dict[tuple[int, int, int], str] = {}
    for rule in rules:
        for cell in rule.cells():
            table.setdefault(cell, rule.priority)
    return table


@dataclass(frozen=True)
class ApValidation:
    """The result of checking a rules table against the 1,000 S × O × D combinations."""

    rule_errors: tuple[tuple[int, str], ...]  # (rule number from 1, message)
    gaps: tuple[tuple[int, int, int], ...]  # combinations no rule covers
    overlaps: tuple[tuple[int, int, int], ...]  # combinations covered by two rules or more

    @property
    def is_valid(self) -> bool:
        return not (self.rule_errors or self.gaps or self.overlaps)


def validate_ap_rules(rules: Sequence[ApRule]) -> ApValidation:
    """Check that the rules cover each of the 1,000 combinations exactly once."""
    errors = tuple((number, message) for number, rule in enumerate(rules, 1) for message in rule_errors(rule))
    coverage: dict[tuple[int, int, int], int] = {}
    for rule in rules:
        if rule_errors(rule):
            continue
        for cell in rule.cells():
            coverage[cell] = coverage.get(cell, 0) + 1
    all_cells = [(s, o, d) for s in RATINGS for o in RATINGS for d in RATINGS]
    gaps = tuple(cell for cell in all_cells if cell not in coverage)
    overlaps = tuple(cell for cell in all_cells if coverage.get(cell, 0) > 1)
    return ApValidation(rule_errors=errors, gaps=gaps, overlaps=overlaps)


def summarise_cells(cells: Sequence[tuple[int, int, int]], limit: int = 10) -> str:
    """ "S=1 O=1 D=1, S=1 O=1 D=2, … (+n)": a short list of combinations for messages."""
    shown = ", ".join(f"S={s} O={o} D={d}" for s, o, d in cells[:limit])
    more = len(cells) - limit
    return f"{shown}, … (+{more})" if more > 0 else shown


@dataclass(frozen=True)
class BeforeAfter:
    rpn_before: int
    rpn_after: int
    reduction: int  # rpn_before − rpn_after
    reduction_percent: float  # reduction / rpn_before × 100, one decimal


def before_after(before: tuple[int, int, int], after: tuple[int, int, int]) -> BeforeAfter:
    """RPN before and after the actions, and the reduction (positive when the risk went down)."""
    rpn_before = risk_priority_number(*before)
    rpn_after = risk_priority_number(*after)
    return BeforeAfter(
        rpn_before, rpn_after, rpn_before - rpn_after, reduction_percent(rpn_before, rpn_after) or 0.0
    )


def reduction_percent(before: int, after: int) -> float | None:
    """(before − after) / before × 100, one decimal; None when there is nothing before."""
    if not before:
        return None
    return round(100 * (before - after) / before, 1)


@dataclass(frozen=True)
class ParetoBar:
    label: str
    value: int
    cumulative_percent: float  # share of the total up to and including this bar, one decimal


def rpn_pareto(
    items: Iterable[tuple[str, int]], limit: int | None = None, total: int | None = None
) -> list[ParetoBar]:
    """Lines sorted by RPN descending (ties by label) with the cumulative share of the total RPN.

    With ``limit``, only the first ``limit`` bars are returned (the percentages still refer to
    the total of every line). ``total`` is the RPN total of every line when ``items`` holds only
    the highest ones (the database sums the rest).
    """
    ordered = sorted(((label, value) for label, value in items if value), key=lambda i: (-i[1], i[0]))
    if total is None:
        total = sum(value for _, value in ordered)
    bars = []
    running = 0
    for label, value in ordered[: limit if limit is not None else len(ordered)]:
        running += value
        bars.append(ParetoBar(label, value, round(100 * running / total, 1)))
    return bars


def ap_distribution(counts: Iterable[tuple[str, int]]) -> list[ParetoBar]:
    """The lines grouped by action priority, in the order given (H, M, L: the order of priority),
    each bar with the cumulative share of all the lines counted, one decimal; empty groups are
    left out."""
    groups = [(label, count) for label, count in counts if count]
    total = sum(count for _, count in groups)
    bars = []
    running = 0
    for label, count in groups:
        running += count
        bars.append(ParetoBar(label, count, round(100 * running / total, 1)))
    return bars

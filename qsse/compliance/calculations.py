"""Pure calculations of the compliance module: library diff (the watch), applicability rules evaluated
against an organisation profile, conformity rates and next assessment dates.

No Django here: plain values and frozen dataclasses in and out, ``today`` passed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# --- Library diff ---------------------------------------------------------------------------------

# The fields of a requirement compared between two versions of a library (``key`` identifies it).
COMPARED_FIELDS = (
    "reference",
    "text",
    "title",
    "summary_fr",
    "summary_en",
    "theme",
    "criteria",
    "evidence_expected",
    "periodicity_months",
    "effective_on",
    "repealed_on",
    "source_url",
    "to_verify",
)


@dataclass(frozen=True)
class LibraryDiff:
    """What a new version changes: keys added, (key, changed fields) modified, keys repealed."""

    added: tuple[str, ...] = ()
    modified: tuple[tuple[str, tuple[str, ...]], ...] = ()
    repealed: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def changed_keys(self) -> frozenset[str]:
        return frozenset(key for key, _fields in self.modified) | frozenset(self.repealed)


def _is_repealed(entry: Mapping[str, Any], today: date) -> bool:
    repealed_on = entry.get("repealed_on")
    return repealed_on is not None and repealed_on <= today


def library_diff(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]], *, today: date
) -> LibraryDiff:
    """Compare two versions of a library, each ``{key: {field: value}}``.

    - added: a key absent from ``old`` (or present there only as repealed and back in force);
    - repealed: a key in force in ``old`` that ``new`` drops, or to which ``new`` gives a repeal
      date on or before ``today``;
    - modified: a key in force in both whose compared fields differ (the names of those fields).
    A key already repealed in ``old`` and still absent or repealed in ``new`` is not reported again.
    Results are sorted by key so that the diff is stable.
    """
    added: list[str] = []
    modified: list[tuple[str, tuple[str, ...]]] = []
    repealed: list[str] = []
    unchanged = 0
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        was_in_force = (
            before is not None and not before.get("is_repealed", False) and not _is_repealed(before, today)
        )
        in_force = after is not None and not _is_repealed(after, today)
        if not was_in_force and in_force:
            added.append(key)
        elif was_in_force and not in_force:
            repealed.append(key)
        elif was_in_force and in_force:
            assert before is not None and after is not None
            changed = tuple(name for name in COMPARED_FIELDS if before.get(name) != after.get(name))
            if changed:
                modified.append((key, changed))
            else:
                unchanged += 1
    return LibraryDiff(tuple(added), tuple(modified), tuple(repealed), unchanged)


# --- Applicability --------------------------------------------------------------------------------

NUMERIC_FACTS = frozenset(
    {"headcount", "organisation_headcount", "tertiary_floor_area_m2", "annual_energy_gwh"}
)
SET_FACTS = frozenset({"icpe_rubriques", "equipment", "activities"})
TEXT_FACTS = frozenset({"naf_code"})
FACTS = NUMERIC_FACTS | SET_FACTS | TEXT_FACTS

NUMERIC_OPERATORS = frozenset({">=", ">", "<=", "<", "=="})
SET_OPERATORS = frozenset({"has", "has_any"})
TEXT_OPERATORS = frozenset({"==", "starts_with", "in"})


def operators_for(fact: str) -> frozenset[str]:
    if fact in NUMERIC_FACTS:
        return NUMERIC_OPERATORS
    if fact in SET_FACTS:
        return SET_OPERATORS
    if fact in TEXT_FACTS:
        return TEXT_OPERATORS
    return frozenset()


@dataclass(frozen=True)
class OrganisationProfile:
    """The facts of one site the criteria are matched with.

    ``headcount`` is the site's, ``organisation_headcount`` the whole company's (thresholds of the
    Code du travail are mostly company-level: CSE, PAPRIPACT; a few are per establishment).
    A numeric fact left unknown (None) never meets a condition.
    """

    headcount: int | None = None
    organisation_headcount: int | None = None
    naf_code: str = ""
    icpe_rubriques: frozenset[str] = frozenset()
    equipment: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    tertiary_floor_area_m2: int | None = None
    annual_energy_gwh: Decimal | None = None

    def fact(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    value: Any


@dataclass(frozen=True)
class AnyOf:
    """Met when at least one of its conditions is met."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Check:
    """One condition evaluated: what was required, what the profile holds, and whether it is met."""

    fact: str
    op: str
    expected: Any
    actual: Any
    met: bool


@dataclass(frozen=True)
class ApplicabilityResult:
    applicable: bool
    # Every condition evaluated, in the order of the criteria (those of an "any of" group included).
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def deciding_checks(self) -> tuple[Check, ...]:
        """The checks that explain the outcome: the failed ones when not applicable, else the met ones."""
        return tuple(check for check in self.checks if check.met == self.applicable)


def criteria_from_data(data: Iterable[Mapping[str, Any]] | None) -> tuple[Condition | AnyOf, ...]:
    """Build criteria from their data form (``{"fact", "op", "value"}`` or ``{"any": [...]}``)."""
    criteria: list[Condition | AnyOf] = []
    for item in data or ():
        if "any" in item:
            criteria.append(AnyOf(tuple(Condition(c["fact"], c["op"], c["value"]) for c in item["any"])))
        else:
            criteria.append(Condition(item["fact"], item["op"], item["value"]))
    return tuple(criteria)


def _normalise_code(value: Any) -> str:
    return str(value).strip().upper().replace(".", "")


def condition_met(condition: Condition, profile: OrganisationProfile) -> Check:
    actual = profile.fact(condition.fact)
    op, expected = condition.op, condition.value
    met = False
    if condition.fact in NUMERIC_FACTS:
        if actual is not None:
            number, threshold = Decimal(str(actual)), Decimal(str(expected))
            met = {
                ">=": number >= threshold,
                ">": number > threshold,
                "<=": number <= threshold,
                "<": number < threshold,
                "==": number == threshold,
            }[op]
    elif condition.fact in SET_FACTS:
        held = {str(item) for item in actual}
        wanted = {str(item) for item in (expected if isinstance(expected, list | tuple) else [expected])}
        met = wanted <= held if op == "has" else bool(wanted & held)
        actual = tuple(sorted(held & wanted)) if op == "has_any" else tuple(sorted(held))
    elif condition.fact in TEXT_FACTS:
        code = _normalise_code(actual) if actual else ""
        if code:
            if op == "==":
                met = code == _normalise_code(expected)
            elif op == "starts_with":
                met = code.startswith(_normalise_code(expected))
            elif op == "in":
                met = code in {_normalise_code(item) for item in expected}
    else:
        raise ValueError(f"Unknown fact {condition.fact!r}")
    return Check(condition.fact, op, expected, actual, met)


def evaluate_criteria(
    criteria: Iterable[Condition | AnyOf], profile: OrganisationProfile
) -> ApplicabilityResult:
    """Applicable when every criterion is met (an ``AnyOf`` when one of its conditions is).

    No criteria at all means the requirement applies to every organisation.
    """
    checks: list[Check] = []
    applicable = True
    for criterion in criteria:
        if isinstance(criterion, AnyOf):
            group = [condition_met(condition, profile) for condition in criterion.conditions]
            checks.extend(group)
            applicable = applicable and any(check.met for check in group)
        else:
            check = condition_met(criterion, profile)
            checks.append(check)
            applicable = applicable and check.met
    return ApplicabilityResult(applicable, tuple(checks))


# --- Conformity rates -----------------------------------------------------------------------------

# A partially compliant requirement counts for half by default (a convention, not a standard: the
# weight is a parameter).
PARTIAL_WEIGHT = Decimal("0.5")


@dataclass(frozen=True)
class ConformityRate:
    compliant: int
    partial: int
    noncompliant: int
    to_assess: int
    rate: Decimal | None  # percent, one decimal, over the assessed requirements; None when none
    coverage: Decimal | None  # percent of the applicable requirements already assessed

    @property
    def applicable(self) -> int:
        return self.compliant + self.partial + self.noncompliant + self.to_assess


def _percent(numerator: Decimal, denominator: int) -> Decimal | None:
    if denominator <= 0:
        return None
    return (numerator * 100 / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def conformity_rate(
    *,
    compliant: int,
    partial: int,
    noncompliant: int,
    to_assess: int = 0,
    partial_weight: Decimal = PARTIAL_WEIGHT,
) -> ConformityRate:
    """Rate = (compliant + weight × partial) / (compliant + partial + non-compliant), in percent.

    Requirements not yet assessed do not count in the rate but lower the coverage
    (assessed / applicable). Not-applicable requirements are never passed here.
    """
    assessed = compliant + partial + noncompliant
    rate = _percent(Decimal(compliant) + partial_weight * partial, assessed)
    coverage = _percent(Decimal(assessed), assessed + to_assess)
    return ConformityRate(compliant, partial, noncompliant, to_assess, rate, coverage)


# --- Standard gap analysis: rates per clause -------------------------------------------------------
#
# A standard's clauses are requirements keyed by their number ("4", "4.1", "4.1.2"...). The rate of
# a clause rolls up the clauses under it: a clause that has sub-clauses in the library is a heading
# (its own assessment is left out); a clause without sub-clauses is a leaf and counts once per site.
# The rate of a clause, and of the whole standard, is ``conformity_rate`` over the summed counts of
# its leaves: every assessed leaf weighs the same (compliant 1, partial 0.5, non-compliant 0);
# leaves still to assess are left out of the rate and lower the coverage.


@dataclass(frozen=True)
class StatusCounts:
    compliant: int = 0
    partial: int = 0
    noncompliant: int = 0
    to_assess: int = 0

    def __add__(self, other: StatusCounts) -> StatusCounts:
        return StatusCounts(
            self.compliant + other.compliant,
            self.partial + other.partial,
            self.noncompliant + other.noncompliant,
            self.to_assess + other.to_assess,
        )

    def rate(self, partial_weight: Decimal = PARTIAL_WEIGHT) -> ConformityRate:
        return conformity_rate(
            compliant=self.compliant,
            partial=self.partial,
            noncompliant=self.noncompliant,
            to_assess=self.to_assess,
            partial_weight=partial_weight,
        )


def clause_sort_key(key: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of clause numbers: 4 < 4.2 < 4.10 < 5 < 10 < A.1 (numbers before letters)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in key.split("."))


def main_clause(key: str) -> str:
    """The main clause a clause belongs to: its first number ("7.5.3" → "7")."""
    return key.split(".", 1)[0]


def is_under(key: str, clause: str) -> bool:
    """Whether ``key`` is ``clause`` itself or one of its sub-clauses ("4.1" is under "4", "41" is not)."""
    return key == clause or key.startswith(clause + ".")


def leaf_keys(keys: Iterable[str]) -> frozenset[str]:
    """The clauses that have no sub-clause among ``keys`` (the ones whose assessments count)."""
    every = set(keys)
    parents: set[str] = set()
    for key in every:
        parts = key.split(".")
        for end in range(1, len(parts)):
            parents.add(".".join(parts[:end]))
    return frozenset(every - parents)


@dataclass(frozen=True)
class ClauseRate:
    key: str
    depth: int  # 0 for a main clause, 1 for "4.1", ...
    is_heading: bool  # has sub-clauses: its rate rolls them up
    counts: StatusCounts
    rate: ConformityRate


def clause_rates(
    counts: Mapping[str, StatusCounts], partial_weight: Decimal = PARTIAL_WEIGHT
) -> list[ClauseRate]:
    """The rate of every clause of ``counts`` (``{clause key: counts summed over the sites}``) and
    of every main clause (added when the library has only its sub-clauses), in clause order.

    A heading's counts are the sum of the leaves under it; its own counts are ignored.
    """
    leaves = leaf_keys(counts)
    keys = set(counts) | {main_clause(key) for key in counts}
    result = []
    for key in sorted(keys, key=clause_sort_key):
        is_heading = key not in leaves
        total = StatusCounts()
        if is_heading:
            for leaf in leaves:
                if is_under(leaf, key):
                    total = total + counts[leaf]
        else:
            total = counts[key]
        result.append(ClauseRate(key, key.count("."), is_heading, total, total.rate(partial_weight)))
    return result


def standard_rate(
    counts: Mapping[str, StatusCounts], partial_weight: Decimal = PARTIAL_WEIGHT
) -> ConformityRate:
    """The rate of a whole standard: over every leaf clause (headings left out)."""
    total = StatusCounts()
    for key in leaf_keys(counts):
        total = total + counts[key]
    return total.rate(partial_weight)


# --- Dates ----------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_assessment_on(assessed_on: date, periodicity_months: int | None, default_months: int) -> date:
    """When a requirement is to be assessed again: its own periodicity, else the default cycle."""
    return add_months(assessed_on, periodicity_months or default_months)

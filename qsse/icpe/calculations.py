"""ICPE classification as pure functions: the regime of a rubrique from its thresholds, the site's
overall regime, and its Seveso status by direct threshold and by the cumulative rule.

Sources:
- Nomenclature: annex to article R511-9 of the Code de l'environnement. Each alinéa states its
  boundary in words: "supérieure ou égale à" (≥, ``inclusive=True``) or "supérieure à"
  (>, ``inclusive=False``); a rubrique's thresholds are data passed in, never constants here.
- Seveso: articles R511-10 and R511-11 of the Code de l'environnement (transposing directive
  2012/18/EU, annex I, note 4): an establishment is "seuil bas" / "seuil haut" when one quantity
  reaches its own Seveso threshold (direct rule) or when, for one hazard group (health, physical,
  environment), Σ qx/QLx ≥ 1 (low) or Σ qx/QHx ≥ 1 (high) (cumulative rule).

No Django import: every function takes plain values and returns frozen dataclasses.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

NC, D, DC, E, A = "NC", "D", "DC", "E", "A"
REGIME_ORDER: tuple[str, ...] = (NC, D, DC, E, A)

HEALTH, PHYSICAL, ENVIRONMENT = "health", "physical", "environment"
HAZARD_GROUPS: tuple[str, ...] = (HEALTH, PHYSICAL, ENVIRONMENT)

SEVESO_NONE, SEVESO_LOW, SEVESO_HIGH = "none", "low", "high"
SEVESO_ORDER: tuple[str, ...] = (SEVESO_NONE, SEVESO_LOW, SEVESO_HIGH)

# L512-11 and R512-57 of the Code de l'environnement: periodic control of DC installations at most
# every five years (the first one within six months of commissioning, R512-58).
DC_CONTROL_PERIOD_YEARS = 5
DC_FIRST_CONTROL_MONTHS = 6

DEFAULT_LABELS: dict[str, str] = {
    "no_threshold": "no classification threshold",
    "low": "Seveso low threshold",
    "high": "Seveso high threshold",
    "not_reached": "not reached",
    "health": "health",
    "physical": "physical",
    "environment": "environment",
    "overall": "Site regime",
    "seveso": "Seveso status",
    "none": "not Seveso",
}

NumberFormat = Callable[[Decimal], str]


def plain_number(value: Decimal) -> str:
    """``value`` without trailing zeros and without exponent (12.50 → "12.5", 1E+3 → "1000")."""
    return format(value.normalize(), "f")


def regime_rank(regime: str) -> int:
    return REGIME_ORDER.index(regime)


@dataclass(frozen=True)
class Threshold:
    """One classifying alinéa: the regime reached from ``value`` on (≥ when ``inclusive``, > otherwise)."""

    regime: str
    value: Decimal
    inclusive: bool = True
    alinea: str = ""

    def is_met(self, quantity: Decimal) -> bool:
        return quantity >= self.value if self.inclusive else quantity > self.value


@dataclass(frozen=True)
class RubriqueRule:
    code: str
    unit: str
    thresholds: tuple[Threshold, ...] = ()
    seveso_low: Decimal | None = None
    seveso_high: Decimal | None = None
    hazard_groups: frozenset[str] = frozenset()


def threshold_errors(thresholds: Iterable[Threshold]) -> list[str]:
    """What makes a set of thresholds unusable: the regime must rise with the value, one threshold
    per regime, no NC threshold, no negative value. Empty when usable."""
    errors: list[str] = []
    ordered = sorted(thresholds, key=lambda t: (t.value, not t.inclusive))
    seen: set[str] = set()
    for threshold in ordered:
        if threshold.regime not in REGIME_ORDER[1:]:
            errors.append(f"unknown regime {threshold.regime!r}")
        if threshold.regime in seen:
            errors.append(f"regime {threshold.regime} given twice")
        seen.add(threshold.regime)
        if threshold.value < 0:
            errors.append(f"negative value for {threshold.regime}")
    ranks = [regime_rank(t.regime) for t in ordered if t.regime in REGIME_ORDER]
    if ranks != sorted(ranks):
        errors.append("a higher threshold must lead to a higher regime")
    return errors


def seveso_errors(low: Decimal | None, high: Decimal | None) -> list[str]:
    if low is not None and high is not None and high <= low:
        return ["the Seveso high threshold must be above the low threshold"]
    if (low is not None and low <= 0) or (high is not None and high <= 0):
        return ["a Seveso threshold must be positive"]
    return []


@dataclass(frozen=True)
class RubriqueClassification:
    code: str
    unit: str
    quantity: Decimal
    regime: str
    met: Threshold | None
    next: Threshold | None
    reasoning: str


def _with_unit(value: Decimal, unit: str, fmt: NumberFormat) -> str:
    return f"{fmt(value)} {unit}".strip()


def classify_rubrique(
    rule: RubriqueRule,
    quantity: Decimal,
    *,
    fmt: NumberFormat = plain_number,
    labels: Mapping[str, str] = DEFAULT_LABELS,
) -> RubriqueClassification:
    """The regime of ``quantity`` (site-wide total, in the rubrique's unit) under ``rule``.

    The regime is that of the highest threshold met; below every threshold the rubrique is "NC".
    The reasoning states the bounds with their boundary rule, e.g. "2910-A: 1 MW ≤ 12 MW < 20 MW → DC".
    """
    ordered = sorted(rule.thresholds, key=lambda t: (t.value, not t.inclusive))
    met: Threshold | None = None
    following: Threshold | None = None
    for threshold in ordered:
        if threshold.is_met(quantity):
            met = threshold
        else:
            following = threshold
            break
    amount = _with_unit(quantity, rule.unit, fmt)
    if not ordered:
        return RubriqueClassification(
            rule.code, rule.unit, quantity, NC, None, None, f"{rule.code}: {labels['no_threshold']} → {NC}"
        )
    parts: list[str] = []
    if met is not None:
        parts.append(f"{_with_unit(met.value, rule.unit, fmt)} {'≤' if met.inclusive else '<'}")
    parts.append(amount)
    if following is not None:
        parts.append(f"{'<' if following.inclusive else '≤'} {_with_unit(following.value, rule.unit, fmt)}")
    regime = met.regime if met is not None else NC
    return RubriqueClassification(
        rule.code,
        rule.unit,
        quantity,
        regime,
        met,
        following,
        f"{rule.code}: {' '.join(parts)} → {regime}",
    )


def overall_regime(regimes: Iterable[str]) -> str:
    """The highest regime of the site's rubriques (NC when none is classified)."""
    return max(regimes, key=regime_rank, default=NC)


def _ratio_text(value: Decimal) -> str:
    # Truncated, not rounded: 0.999 shows "0.99 < 1", never "1.00 < 1".
    return format(value.quantize(Decimal("0.01"), rounding=ROUND_DOWN), "f")


@dataclass(frozen=True)
class SevesoTerm:
    code: str
    quantity: Decimal
    threshold: Decimal
    ratio: Decimal


@dataclass(frozen=True)
class SevesoSum:
    group: str
    tier: str  # SEVESO_LOW or SEVESO_HIGH
    terms: tuple[SevesoTerm, ...]
    total: Decimal

    @property
    def is_reached(self) -> bool:
        return self.total >= 1


@dataclass(frozen=True)
class SevesoAssessment:
    status: str
    direct: tuple[tuple[str, str], ...]  # (code, tier reached)
    sums: tuple[SevesoSum, ...]
    reasoning: tuple[str, ...]


def seveso_sum(
    group: str, tier: str, rules: Iterable[RubriqueRule], quantities: Mapping[str, Decimal]
) -> SevesoSum:
    """Σ qx/Qx for one hazard group and tier over the rubriques holding a quantity and a threshold."""
    terms: list[SevesoTerm] = []
    for rule in rules:
        limit = rule.seveso_low if tier == SEVESO_LOW else rule.seveso_high
        quantity = quantities.get(rule.code, Decimal(0))
        if group not in rule.hazard_groups or limit is None or quantity <= 0:
            continue
        terms.append(SevesoTerm(rule.code, quantity, limit, quantity / limit))
    return SevesoSum(group, tier, tuple(terms), sum((t.ratio for t in terms), Decimal(0)))


def seveso_assess(
    rules: Iterable[RubriqueRule],
    quantities: Mapping[str, Decimal],
    *,
    fmt: NumberFormat = plain_number,
    labels: Mapping[str, str] = DEFAULT_LABELS,
) -> SevesoAssessment:
    """The Seveso status of a site: high when one quantity reaches its high threshold or one hazard
    group's Σ qx/QHx ≥ 1; otherwise low on the same tests with the low thresholds; otherwise none."""
    rules = [rule for rule in rules if rule.seveso_low is not None or rule.seveso_high is not None]
    lines: list[str] = []
    direct: list[tuple[str, str]] = []
    reached: set[str] = set()
    for rule in rules:
        quantity = quantities.get(rule.code, Decimal(0))
        if quantity <= 0:
            continue
        for tier, limit in ((SEVESO_HIGH, rule.seveso_high), (SEVESO_LOW, rule.seveso_low)):
            if limit is not None and quantity >= limit:
                direct.append((rule.code, tier))
                reached.add(tier)
                lines.append(
                    f"{rule.code}: {_with_unit(quantity, rule.unit, fmt)} ≥ "
                    f"{_with_unit(limit, rule.unit, fmt)} → {labels[tier]}"
                )
                break
    sums: list[SevesoSum] = []
    for tier, symbol in ((SEVESO_LOW, "QL"), (SEVESO_HIGH, "QH")):
        for group in HAZARD_GROUPS:
            total = seveso_sum(group, tier, rules, quantities)
            if not total.terms:
                continue
            sums.append(total)
            addends = " + ".join(f"{_ratio_text(term.ratio)} ({term.code})" for term in total.terms)
            verdict = f"≥ 1 → {labels[tier]}" if total.is_reached else f"< 1 → {labels['not_reached']}"
            if total.is_reached:
                reached.add(tier)
            lines.append(f"Σ qx/{symbol}x {labels[group]} = {addends} = {_ratio_text(total.total)} {verdict}")
    status = SEVESO_HIGH if SEVESO_HIGH in reached else SEVESO_LOW if SEVESO_LOW in reached else SEVESO_NONE
    return SevesoAssessment(status, tuple(direct), tuple(sums), tuple(lines))


@dataclass(frozen=True)
class SiteClassification:
    rubriques: tuple[RubriqueClassification, ...]
    regime: str
    seveso: SevesoAssessment
    reasoning: tuple[str, ...] = field(default=())

    @property
    def classified(self) -> tuple[RubriqueClassification, ...]:
        return tuple(r for r in self.rubriques if r.regime != NC)


def classify_site(
    rules: Iterable[RubriqueRule],
    quantities: Mapping[str, Decimal],
    *,
    fmt: NumberFormat = plain_number,
    labels: Mapping[str, str] = DEFAULT_LABELS,
) -> SiteClassification:
    """Classify every rubrique the site holds a quantity of (quantities summed site-wide by the
    caller), then the site: its overall regime (the highest) and its Seveso status, with the
    reasoning line by line."""
    rules = list(rules)
    results = tuple(
        classify_rubrique(rule, quantities[rule.code], fmt=fmt, labels=labels)
        for rule in sorted(rules, key=lambda r: r.code)
        if rule.code in quantities
    )
    regime = overall_regime(r.regime for r in results)
    seveso = seveso_assess(rules, quantities, fmt=fmt, labels=labels)
    lines = [r.reasoning for r in results]
    if results:
        ranked = [r.code for r in results if r.regime == regime and regime != NC]
        lines.append(
            f"{labels['overall']} = max({', '.join(r.regime for r in results)}) = {regime}"
            + (f" ({', '.join(ranked)})" if ranked else "")
        )
    lines.extend(seveso.reasoning)
    lines.append(f"{labels['seveso']}: {labels[seveso.status]}")
    return SiteClassification(results, regime, seveso, tuple(lines))


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the 31st falls back on the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def next_control_due(
    *,
    last_done_on: date | None,
    classified_since: date | None,
    today: date,
    period_years: int = DC_CONTROL_PERIOD_YEARS,
) -> date:
    """When the next periodic control of a DC rubrique is due: ``period_years`` after the last
    control; without one, six months after the rubrique became DC (R512-58) or ``today`` when that
    date is unknown."""
    if last_done_on is not None:
        return add_months(last_done_on, 12 * period_years)
    if classified_since is not None:
        return add_months(classified_since, DC_FIRST_CONTROL_MONTHS)
    return today

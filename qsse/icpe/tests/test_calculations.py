"""ICPE classification at each threshold boundary and the Seveso cumulative rule, worked by hand.

Boundaries: the nomenclature's wording ("supérieure ou égale à" → ≥, "supérieure à" → >), annex to
article R511-9 of the Code de l'environnement, with the thresholds shipped in
data/fr_icpe_nomenclature.yaml (2910-A: décret n° 2018-704; 2560 and 2565: Envinorma extract 2021;
4331: AIDA node 32534). Seveso rule: articles R511-10 / R511-11 and directive 2012/18/EU annex I note 4.
"""

from datetime import date
from decimal import Decimal

import pytest

from qsse.icpe import calculations as calc
from qsse.icpe.calculations import RubriqueRule, Threshold

R2910A = RubriqueRule(
    "2910-A",
    "MW",
    (Threshold("DC", Decimal(1), True), Threshold("E", Decimal(20), True), Threshold("A", Decimal(50), True)),
)
R2560 = RubriqueRule(
    "2560", "kW", (Threshold("DC", Decimal(150), False), Threshold("E", Decimal(1000), False))
)
R1510 = RubriqueRule(
    "1510",
    "m3",
    (
        Threshold("DC", Decimal(5000), True),
        Threshold("E", Decimal(50000), True),
        Threshold("A", Decimal(900000), True),
    ),
)
R4331 = RubriqueRule(
    "4331",
    "t",
    (
        Threshold("DC", Decimal(50), True),
        Threshold("E", Decimal(100), True),
        Threshold("A", Decimal(1000), True),
    ),
    seveso_low=Decimal(5000),
    seveso_high=Decimal(50000),
    hazard_groups=frozenset({"physical"}),
)


@pytest.mark.parametrize(
    ("rule", "quantity", "regime"),
    [
        # 2910-A: "supérieure ou égale à 1 MW" — 1 MW itself is DC.
        (R2910A, "0.999", "NC"),
        (R2910A, "1", "DC"),
        (R2910A, "19.99", "DC"),
        (R2910A, "20", "E"),
        (R2910A, "49.9", "E"),
        (R2910A, "50", "A"),
        # 2560: "supérieure à 150 kW" — 150 kW itself stays NC; "supérieure à 1 000 kW" → E.
        (R2560, "150", "NC"),
        (R2560, "150.1", "DC"),
        (R2560, "1000", "DC"),
        (R2560, "1000.5", "E"),
        # 1510: ≥ 5 000 / 50 000 / 900 000 m³.
        (R1510, "4999", "NC"),
        (R1510, "5000", "DC"),
        (R1510, "50000", "E"),
        (R1510, "899999", "E"),
        (R1510, "900000", "A"),
        # 4331: ≥ 50 / 100 / 1 000 t.
        (R4331, "49.9", "NC"),
        (R4331, "50", "DC"),
        (R4331, "100", "E"),
        (R4331, "1000", "A"),
    ],
)
def test_regime_at_each_boundary(rule, quantity, regime):
    assert calc.classify_rubrique(rule, Decimal(quantity)).regime == regime


def test_reasoning_states_the_bounds_with_their_boundary_rule():
    assert calc.classify_rubrique(R2910A, Decimal(12)).reasoning == "2910-A: 1 MW ≤ 12 MW < 20 MW → DC"
    assert calc.classify_rubrique(R2560, Decimal(400)).reasoning == "2560: 150 kW < 400 kW ≤ 1000 kW → DC"
    assert calc.classify_rubrique(R2560, Decimal(150)).reasoning == "2560: 150 kW ≤ 150 kW → NC"
    assert calc.classify_rubrique(R2910A, Decimal("0.5")).reasoning == "2910-A: 0.5 MW < 1 MW → NC"
    assert calc.classify_rubrique(R2910A, Decimal(60)).reasoning == "2910-A: 50 MW ≤ 60 MW → A"
    assert calc.classify_rubrique(RubriqueRule("9999", "t"), Decimal(3)).reasoning == (
        "9999: no classification threshold → NC"
    )


def test_site_regime_is_the_highest_and_quantities_are_classified_per_rubrique():
    # MBP Montluçon, worked by hand: boiler 2.5 MW → DC; machines 620 kW → DC; warehouse 4 200 m³ → NC.
    result = calc.classify_site(
        [R2910A, R2560, R1510], {"2910-A": Decimal("2.5"), "2560": Decimal(620), "1510": Decimal(4200)}
    )
    assert [(r.code, r.regime) for r in result.rubriques] == [
        ("1510", "NC"),
        ("2560", "DC"),
        ("2910-A", "DC"),
    ]
    assert result.regime == "DC"
    assert result.seveso.status == "none"
    assert "Site regime = max(NC, DC, DC) = DC (2560, 2910-A)" in result.reasoning
    assert result.reasoning[-1] == "Seveso status: not Seveso"
    # The warehouse grows to 60 000 m³: registration wins.
    assert (
        calc.classify_site([R2910A, R1510], {"2910-A": Decimal("2.5"), "1510": Decimal(60000)}).regime == "E"
    )
    assert calc.overall_regime([]) == "NC"


def test_seveso_direct_thresholds():
    assert calc.seveso_assess([R4331], {"4331": Decimal(4999)}).status == "none"
    low = calc.seveso_assess([R4331], {"4331": Decimal(5000)})
    assert low.status == "low"
    assert low.direct == (("4331", "low"),)
    assert "4331: 5000 t ≥ 5000 t → Seveso low threshold" in low.reasoning
    high = calc.seveso_assess([R4331], {"4331": Decimal(50000)})
    assert high.status == "high"
    assert high.direct == (("4331", "high"),)


def test_seveso_cumulative_rule_hand_worked():
    """Hand-worked: health group, 4110-1 (QL 5 t, QH 20 t) 2 t and 4130-1 (QL 50 t, QH 200 t) 35 t.
    Low: 2/5 + 35/50 = 0.4 + 0.7 = 1.1 ≥ 1 → Seveso low threshold, though no substance reaches its own
    threshold. High: 2/20 + 35/200 = 0.1 + 0.175 = 0.275 < 1. Physical group: 4331 (QL 5 000 t) 600 t →
    0.12 < 1. Environment: 4510 (QL 100 t) 30 t and 4511 (QL 200 t) 150 t → 0.3 + 0.75 = 1.05 ≥ 1."""
    health_1 = RubriqueRule(
        "4110-1", "t", seveso_low=Decimal(5), seveso_high=Decimal(20), hazard_groups=frozenset({"health"})
    )
    health_2 = RubriqueRule(
        "4130-1", "t", seveso_low=Decimal(50), seveso_high=Decimal(200), hazard_groups=frozenset({"health"})
    )
    env_1 = RubriqueRule(
        "4510",
        "t",
        seveso_low=Decimal(100),
        seveso_high=Decimal(200),
        hazard_groups=frozenset({"environment"}),
    )
    env_2 = RubriqueRule(
        "4511",
        "t",
        seveso_low=Decimal(200),
        seveso_high=Decimal(500),
        hazard_groups=frozenset({"environment"}),
    )
    quantities = {"4110-1": Decimal(2), "4130-1": Decimal(35), "4331": Decimal(600)}
    result = calc.seveso_assess([health_1, health_2, R4331], quantities)
    assert result.status == "low"
    assert result.direct == ()
    health_low = next(s for s in result.sums if s.group == "health" and s.tier == "low")
    assert health_low.total == Decimal("1.1")
    assert (
        "Σ qx/QLx health = 0.40 (4110-1) + 0.70 (4130-1) = 1.10 ≥ 1 → Seveso low threshold"
        in result.reasoning
    )
    assert "Σ qx/QLx physical = 0.12 (4331) = 0.12 < 1 → not reached" in result.reasoning
    assert "Σ qx/QHx health = 0.10 (4110-1) + 0.17 (4130-1) = 0.27 < 1 → not reached" in result.reasoning
    health_high = next(s for s in result.sums if s.group == "health" and s.tier == "high")
    assert health_high.total == Decimal("0.275")
    environment = calc.seveso_assess([env_1, env_2], {"4510": Decimal(30), "4511": Decimal(150)})
    assert environment.status == "low"
    assert environment.sums[0].total == Decimal("1.05")


def test_seveso_sum_just_below_one_is_not_reached_and_shown_truncated():
    rule = RubriqueRule(
        "4110-1", "t", seveso_low=Decimal(5), seveso_high=Decimal(20), hazard_groups=frozenset({"health"})
    )
    result = calc.seveso_assess([rule], {"4110-1": Decimal("4.999")})
    assert result.status == "none"
    assert "Σ qx/QLx health = 0.99 (4110-1) = 0.99 < 1 → not reached" in result.reasoning


def test_cumulative_high_threshold():
    # 4331 30 000 t (30 000/50 000 = 0.6) + 4330 25 t (25/50 = 0.5): Σ = 1.1 ≥ 1 → high, physical group.
    r4330 = RubriqueRule(
        "4330", "t", seveso_low=Decimal(10), seveso_high=Decimal(50), hazard_groups=frozenset({"physical"})
    )
    result = calc.seveso_assess([R4331, r4330], {"4331": Decimal(30000), "4330": Decimal(25)})
    assert result.status == "high"


def test_threshold_and_seveso_validation():
    assert calc.threshold_errors([Threshold("DC", Decimal(1)), Threshold("E", Decimal(20))]) == []
    assert calc.threshold_errors([Threshold("E", Decimal(1)), Threshold("DC", Decimal(20))]) == [
        "a higher threshold must lead to a higher regime"
    ]
    assert "regime DC given twice" in calc.threshold_errors(
        [Threshold("DC", Decimal(1)), Threshold("DC", Decimal(2))]
    )
    assert calc.seveso_errors(Decimal(50), Decimal(10)) != []
    assert calc.seveso_errors(Decimal(10), Decimal(50)) == []


def test_next_periodic_control_of_dc():
    today = date(2026, 12, 3)
    # Five years after the last control (L512-11), the 29 February falling back on the 28th.
    assert calc.next_control_due(last_done_on=date(2024, 2, 29), classified_since=None, today=today) == date(
        2029, 2, 28
    )
    # No control yet: six months after commissioning (R512-58), or now when unknown.
    assert calc.next_control_due(last_done_on=None, classified_since=date(2026, 3, 31), today=today) == date(
        2026, 9, 30
    )
    assert calc.next_control_due(last_done_on=None, classified_since=None, today=today) == today
    assert calc.next_control_due(
        last_done_on=date(2020, 5, 1), classified_since=None, today=today, period_years=10
    ) == date(2030, 5, 1)

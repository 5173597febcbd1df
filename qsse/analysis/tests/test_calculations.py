"""Pure statistics of the analysis module, checked against published worked examples (no database).

Sources named in each test:
- Montgomery, D. C., *Introduction to Statistical Quality Control*, 6th ed., Wiley 2009 ("Montgomery").
- R package qcc (Scrucca 2004) output for Montgomery's data sets, as recorded in gedeck/mistat
  ``src/mistat/qcc/tests/test_comparison_with_R.py`` and ``test_processCapability.py`` ("qcc");
  the data and expected values are in tests/data (see tests/data/SOURCE.md).
- NIST/SEMATECH e-Handbook of Statistical Methods ("NIST").
- D'Agostino, R. B. & Stephens, M. A., *Goodness-of-Fit Techniques*, Dekker 1986, Table 4.9.
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from qsse.analysis.calculations import (
    RULE_DESCRIPTIONS,
    WESTERN_ELECTRIC_RULES,
    WESTERN_ELECTRIC_RUN_LENGTH,
    ControlChart,
    anderson_darling_p_value,
    bissell_interval,
    box_plot,
    c_chart,
    chi_square_interval,
    cost_benefit,
    descriptive_statistics,
    histogram,
    individuals_chart,
    normality_test,
    np_chart,
    p_chart,
    pareto,
    process_capability,
    rule_violations,
    u_chart,
    weighted_decision_matrix,
    xbar_r_chart,
    xbar_s_chart,
)
from qsse.analysis.control_chart_constants import FACTORS, c4_exact, factors

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _column(name: str, column: str) -> list[float]:
    return [float(row[column]) for row in _rows(name)]


def pistonrings() -> list[list[float]]:
    """The 40 subgroups of 5 piston-ring diameters (Montgomery ch. 6), in sample order."""
    groups: dict[int, list[float]] = {}
    for row in _rows("pistonrings.csv"):
        groups.setdefault(int(row["sample"]), []).append(float(row["diameter"]))
    return [groups[k] for k in sorted(groups)]


def printed(value: float, expected: str) -> None:
    """``value`` equals ``expected`` to the precision it is printed with (half a unit of its last digit)."""
    exponent = Decimal(expected).as_tuple().exponent
    assert isinstance(exponent, int)
    tolerance = 0.5 * 10.0**exponent
    assert abs(value - float(expected)) <= tolerance * (1 + 1e-9), f"{value} is not {expected} as printed"


# --- control chart constants -------------------------------------------------------------------


def test_constants_table_covers_n_2_to_25():
    assert sorted(FACTORS) == list(range(2, 26))


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        # Montgomery, Appendix VI (= ASTM STP 15D); also NIST e-Handbook 6.3.2 for c4.
        (
            2,
            {"A2": 1.880, "A3": 2.659, "c4": 0.7979, "B3": 0, "B4": 3.267, "d2": 1.128, "D3": 0, "D4": 3.267},
        ),
        (
            5,
            {"A2": 0.577, "A3": 1.427, "c4": 0.9400, "B3": 0, "B4": 2.089, "d2": 2.326, "D3": 0, "D4": 2.114},
        ),
        (10, {"A2": 0.308, "A3": 0.975, "c4": 0.9727, "B3": 0.284, "B4": 1.716, "d2": 3.078, "D4": 1.777}),
        (25, {"A2": 0.153, "A3": 0.606, "c4": 0.9896, "B3": 0.565, "B4": 1.435, "d2": 3.931, "D3": 0.459}),
    ],
)
def test_constants_match_the_published_table(n, expected):
    f = factors(n)
    for name, value in expected.items():
        assert getattr(f, name) == value, name


@pytest.mark.parametrize("n", range(2, 26))
def test_constants_are_consistent_with_their_definitions(n):
    # A2 = 3/(d2√n), A3 = 3/(c4√n), B4 = 1 + 3√(1−c4²)/c4, D4 = 1 + 3 d3/d2 (Montgomery, Appendix VI);
    # the table is rounded to 3 decimals (c4 to 4), so each value lies within one rounding unit.
    f = factors(n)
    c4 = c4_exact(n)
    assert f.c4 == pytest.approx(c4, abs=6e-5)
    assert f.A2 == pytest.approx(3 / (f.d2 * math.sqrt(n)), abs=1.1e-3)
    assert f.A3 == pytest.approx(3 / (c4 * math.sqrt(n)), abs=1.1e-3)
    assert f.B4 == pytest.approx(1 + 3 * math.sqrt(1 - c4 * c4) / c4, abs=1.1e-3)
    assert f.B3 == pytest.approx(max(0.0, 1 - 3 * math.sqrt(1 - c4 * c4) / c4), abs=1.1e-3)
    # d3 and d2 are themselves rounded: 3 × 0.0005 / d2 adds up to 1.4e-3 (n = 2: 1 + 3 × 0.853/1.128 = 3.2686
    # against the published 3.267 computed from the unrounded d3 = 0.8525)
    assert f.D4 == pytest.approx(1 + 3 * f.d3 / f.d2, abs=2.5e-3)
    assert f.D3 == pytest.approx(max(0.0, 1 - 3 * f.d3 / f.d2), abs=2.5e-3)


@pytest.mark.parametrize("n", [1, 26])
def test_constants_outside_the_table_are_refused(n):
    with pytest.raises(ValueError, match="between 2 and 25|outside the table"):
        factors(n)


# --- X̄-R and X̄-S charts: pistonrings (Montgomery ch. 6; qcc output) ---------------------------


def test_xbar_r_pistonrings_phase_one_matches_qcc():
    chart = xbar_r_chart(pistonrings(), limits_from=slice(0, 25))
    # qcc: qcc(diameter[1:25,], type="xbar") → Center 74.00118, StdDev 0.009785039, limits 73.98805/74.0143
    printed(chart.center, "74.00118")
    printed(chart.process_sigma, "0.009785039")
    printed(chart.lcl[0], "73.98805")
    printed(chart.ucl[0], "74.01430")
    # nsigmas = 2 → limits 73.99242 / 74.00993
    printed(chart.center - 2 * chart.sigma, "73.99242")
    printed(chart.center + 2 * chart.sigma, "74.00993")
    assert chart.sigma == pytest.approx(chart.process_sigma / math.sqrt(5))
    # X̄ limits x̿ ± A2·R̄ with the table A2 = 0.577 agree to the 4th decimal (Montgomery's way)
    assert chart.ucl[0] == pytest.approx(chart.center + 0.577 * 0.02276, abs=5e-5)
    assert len(chart.points) == 40 and len(chart.ucl) == 40
    r_chart = chart.secondary
    assert r_chart is not None and r_chart.kind == "R"
    printed(r_chart.center, "0.02276")
    assert r_chart.lcl[0] == 0
    # R UCL = D4·R̄ = 2.114 × 0.02276 = 0.04811464 (Montgomery's table factor). qcc prints 0.04812533 because
    # it uses d3 = 0.8640855 unrounded (R̄ + 3·d3·σ̂): the two agree to 2.3e-4 relative.
    assert r_chart.ucl[0] == pytest.approx(2.114 * 0.02276, rel=1e-12)
    assert r_chart.ucl[0] == pytest.approx(0.04812533, rel=3e-4)


def test_xbar_r_pistonrings_points_beyond_two_sigma_as_qcc():
    # qcc with nsigmas = 2 flags sample 1 above the UCL and sample 14 below the LCL (0-based 0 and 13)
    chart = xbar_r_chart(pistonrings()[:25])
    above = [i for i, x in enumerate(chart.points) if x > chart.center + 2 * chart.sigma]
    below = [i for i, x in enumerate(chart.points) if x < chart.center - 2 * chart.sigma]
    assert (above, below) == ([0], [13])
    assert chart.out_of_control == ()


def test_xbar_s_pistonrings_phase_one_matches_qcc():
    chart = xbar_s_chart(pistonrings(), limits_from=slice(0, 25))
    s_chart = chart.secondary
    assert s_chart is not None and s_chart.kind == "S"
    # qcc: qcc(diameter[1:25,], type="S") → Center 0.009240037, StdDev 0.009829977, UCL 0.019302416
    printed(s_chart.center, "0.009240037")
    printed(chart.process_sigma, "0.009829977")
    assert s_chart.ucl[0] == pytest.approx(0.019302416, rel=1e-7)  # printed to 9 digits, agrees to 8
    assert s_chart.lcl[0] == 0
    printed(chart.center, "74.00118")
    # X̄ limits x̿ ± A3·S̄, Montgomery's A3(5) = 1.427
    assert chart.ucl[0] == pytest.approx(chart.center + 1.427 * s_chart.center, abs=1e-5)


def test_xbar_s_accepts_varying_subgroup_sizes():
    # Montgomery §6.3.2: x̿ = Σnᵢx̄ᵢ/Σnᵢ, S̄ = √(Σ(nᵢ−1)sᵢ²/Σ(nᵢ−1)); hand-worked:
    # groups (1,2,3) n=3 mean 2 s=1; (2,4) n=2 mean 3 s=√2 → x̿ = (6+6)/5 = 2.4, S̄ = √((2·1 + 1·2)/3) = √(4/3)
    chart = xbar_s_chart([[1, 2, 3], [2, 4]])
    assert chart.center == pytest.approx(2.4)
    assert chart.secondary.center == pytest.approx(math.sqrt(4 / 3))
    s_bar = math.sqrt(4 / 3)
    assert chart.ucl[0] == pytest.approx(2.4 + 3 * s_bar / (c4_exact(3) * math.sqrt(3)))
    assert chart.ucl[1] == pytest.approx(2.4 + 3 * s_bar / (c4_exact(2) * math.sqrt(2)))
    assert chart.ucl[0] != chart.ucl[1]


def test_xbar_r_with_known_sigma_uses_standard_values():
    # Montgomery §6.2 (standard given): X̄ limits μ ± 3σ/√n,
    # R limits D1σ = max(0, (d2 − 3d3)σ) and D2σ = (d2 + 3d3)σ
    chart = xbar_r_chart([[9, 11], [10, 12], [8, 10]], center=10.0, sigma=2.0)
    assert chart.center == 10.0
    assert chart.ucl[0] == pytest.approx(10 + 3 * 2 / math.sqrt(2))
    assert chart.secondary.center == pytest.approx(1.128 * 2)
    assert chart.secondary.ucl[0] == pytest.approx((1.128 + 3 * 0.853) * 2)
    assert chart.secondary.lcl[0] == 0


# --- attribute charts ---------------------------------------------------------------------------


def _orangejuice() -> tuple[list[int], list[int]]:
    rows = _rows("orangejuice.csv")
    return [int(r["D"]) for r in rows], [int(r["size"]) for r in rows]


def test_p_chart_orangejuice_trial_samples_match_qcc():
    defectives, sizes = _orangejuice()
    chart = p_chart(defectives, sizes, limits_from=slice(0, 30))
    # qcc: qcc(D[trial], sizes=size[trial], type="p") → Center 0.2313333, StdDev 0.421685,
    # limits 0.05242755 / 0.4102391; samples 15 and 23 above the UCL.
    printed(chart.center, "0.2313333")
    printed(chart.sigma * math.sqrt(50), "0.421685")
    printed(chart.lcl[0], "0.05242755")
    printed(chart.ucl[0], "0.4102391")
    assert [i for i in chart.out_of_control if i < 30] == [14, 22]
    assert len(chart.points) == 54
    assert chart.points[0] == pytest.approx(12 / 50)


def test_p_chart_orangejuice_revised_limits_match_qcc():
    defectives, sizes = _orangejuice()
    keep = [i for i in range(30) if i not in (14, 22)]
    chart = p_chart([defectives[i] for i in keep], [sizes[i] for i in keep])
    # qcc: samples 15 and 23 removed → Center 0.215, limits 0.04070284 / 0.3892972, one point above (index 19)
    printed(chart.center, "0.215")
    printed(chart.lcl[0], "0.04070284")
    printed(chart.ucl[0], "0.3892972")
    assert chart.out_of_control == (19,)


def test_np_chart_is_the_p_chart_times_n():
    defectives, _ = _orangejuice()
    chart = np_chart(defectives, 50, limits_from=slice(0, 30))
    # n·p̄ = 50 × 0.2313333 = 11.56667; limits 50 × the qcc p-chart limits 0.05242755 and 0.4102391
    printed(chart.center, "11.56667")
    assert chart.lcl[0] == pytest.approx(50 * 0.05242755, abs=50 * 5e-9)
    assert chart.ucl[0] == pytest.approx(50 * 0.4102391, abs=50 * 5e-8)
    assert chart.sigma == pytest.approx(math.sqrt(50) * 0.421685, rel=1e-6)


def test_c_chart_circuit_trial_samples_match_montgomery():
    counts = _column("circuit.csv", "x")
    chart = c_chart(counts, limits_from=slice(0, 26))
    # Montgomery ch. 7 (c chart, circuit boards): c̄ = 516/26 = 19.85, worked from the rounded c̄:
    # UCL = 19.85 + 3√19.85 = 33.22, LCL = 19.85 − 3√19.85 = 6.48; samples 6 and 20 out of control
    printed(chart.center, "19.85")
    assert chart.center == pytest.approx(516 / 26)
    worked = c_chart(counts, center=19.85)
    printed(worked.ucl[0], "33.22")
    printed(worked.lcl[0], "6.48")
    # unrounded (as R qcc prints them): 6.481447 / 33.21086
    printed(chart.lcl[0], "6.481447")
    printed(chart.ucl[0], "33.21086")
    assert [i for i in chart.out_of_control if i < 26] == [5, 19]
    # revised limits without samples 6 and 20: c̄ = 472/24 = 19.67, UCL 32.97, LCL 6.36
    trial = [c for i, c in enumerate(counts[:26]) if i not in (5, 19)]
    revised = c_chart(trial)
    printed(revised.center, "19.67")
    printed(revised.ucl[0], "32.97")
    printed(revised.lcl[0], "6.36")


def test_u_chart_pcmanufact_matches_montgomery():
    chart = u_chart(_column("pcmanufact.csv", "x"), _column("pcmanufact.csv", "size"))
    # Montgomery ch. 7 (personal computers, samples of 5): ū = 1.93, UCL 3.79, LCL 0.07
    printed(chart.center, "1.93")
    printed(chart.ucl[0], "3.79")
    printed(chart.lcl[0], "0.07")
    assert chart.points[0] == pytest.approx(10 / 5)
    assert chart.out_of_control == ()


def test_u_chart_dyedcloth_variable_limits_match_montgomery():
    counts = _column("dyedcloth.csv", "x")
    units = _column("dyedcloth.csv", "size")
    chart = u_chart(counts, units)
    # Montgomery ch. 7 (dyed cloth, variable sample size): ū = 153/107.5 = 1.42
    assert chart.center == pytest.approx(153 / 107.5)
    printed(chart.center, "1.42")
    # Limits ū ± 3√(ū/nᵢ), worked in the text from the rounded ū = 1.42:
    # n = 10 → 2.55 / 0.29; n = 8 → 2.68 / 0.16; n = 13 → 2.41 / 0.43; n = 12.5 → 2.43 / 0.41
    worked = u_chart(counts, units, center=1.42)
    expected = {0: ("2.55", "0.29"), 1: ("2.68", "0.16"), 2: ("2.41", "0.43"), 9: ("2.43", "0.41")}
    for index, (ucl, lcl) in expected.items():
        printed(worked.ucl[index], ucl)
        printed(worked.lcl[index], lcl)
    assert len(set(chart.ucl)) > 1
    assert chart.out_of_control == ()


# --- individuals charts ---------------------------------------------------------------------------


def test_individuals_chart_viscosity_matches_qcc_and_montgomery():
    chart = individuals_chart(_column("viscosity.csv", "value"))
    # qcc: qcc(x, type="xbar.one") → Center 33.52333, StdDev 0.4261651, limits 32.24484 / 34.80183
    printed(chart.center, "33.52333")
    printed(chart.sigma, "0.4261651")
    printed(chart.lcl[0], "32.24484")
    printed(chart.ucl[0], "34.80183")
    # Montgomery ch. 6 (viscosity of aircraft primer paint): MR̄ = 0.48, MR chart UCL = D4·MR̄ = 1.57
    mr = chart.secondary
    assert mr is not None and mr.kind == "MR" and len(mr.points) == 14
    printed(mr.center, "0.48")
    printed(mr.ucl[0], "1.57")
    assert mr.lcl[0] == 0
    assert chart.out_of_control == ()


def test_individuals_chart_antifreeze_matches_qcc():
    chart = individuals_chart(_column("antifreeze.csv", "value"))
    # Wetherill & Brown (1991) data; qcc: Center 2.569706, StdDev 0.1794541, limits 2.031344 / 3.108068
    printed(chart.center, "2.569706")
    printed(chart.sigma, "0.1794541")
    printed(chart.lcl[0], "2.031344")
    printed(chart.ucl[0], "3.108068")
    assert chart.out_of_control == ()


def test_individuals_chart_phase_one_limits():
    values = [10.0, 12.0, 11.0, 13.0, 30.0]
    chart = individuals_chart(values, limits_from=slice(0, 4))
    # mean of the 4 trial points 11.5; moving ranges inside the trial set 2, 1, 2 → MR̄ = 5/3, σ̂ = (5/3)/1.128
    assert chart.center == pytest.approx(11.5)
    assert chart.sigma == pytest.approx(5 / 3 / 1.128)
    assert chart.out_of_control == (4,)
    assert len(chart.points) == 5


# --- every value of expected_results.csv that these functions produce ----------------------------


def _expected_rows() -> list[dict[str, str]]:
    return _rows("expected_results.csv")


def _capability(spec: str, target: float | None = None):
    chart = xbar_r_chart(pistonrings()[:25])
    values = [x for group in pistonrings()[:25] for x in group]
    low, high = (float(v) for v in spec.split("-", 1))
    return process_capability(values, lsl=low, usl=high, sigma_within=chart.process_sigma, target=target)


def _produce(row: dict[str, str]) -> tuple[float, tuple[float, float] | None]:
    """The value our functions give for one row of expected_results.csv (and its interval if any)."""
    dataset, subset, chart_kind, parameter = (
        row["dataset"],
        row["subset"],
        row["chart_or_index"],
        row["parameter"],
    )
    if dataset == "pistonrings" and chart_kind in ("xbar", "R"):
        chart = xbar_r_chart(pistonrings()[:25])
        r_chart = chart.secondary
        table = {
            ("xbar", "center"): chart.center,
            ("xbar", "std_dev (UWAVE-R = Rbar/d2)"): chart.process_sigma,
            ("xbar", "LCL (3 sigma)"): chart.lcl[0],
            ("xbar", "UCL (3 sigma)"): chart.ucl[0],
            ("xbar", "LCL (2 sigma)"): chart.center - 2 * chart.sigma,
            ("xbar", "UCL (2 sigma)"): chart.center + 2 * chart.sigma,
            ("R", "center (Rbar)"): r_chart.center,
            ("R", "LCL"): r_chart.lcl[0],
            ("R", "UCL"): r_chart.ucl[0],
        }
        return table[(chart_kind, parameter)], None
    if dataset == "pistonrings" and chart_kind == "S":
        chart = xbar_s_chart(pistonrings()[:25])
        table = {
            "center (Sbar)": chart.secondary.center,
            "std_dev (UWAVE-SD)": chart.process_sigma,
            "UCL": chart.secondary.ucl[0],
        }
        return table[parameter], None
    if dataset == "pistonrings" and chart_kind == "capability":
        spec = subset.split("spec ")[1].split(";")[0]
        target = float(subset.split("target ")[1]) if "target" in subset else None
        cap = _capability(spec, target)
        n = cap.n
        table = {
            "Cp": (cap.cp, cap.cp_interval),
            "Cp_l": (cap.cpl, _one_sided_qcc(cap.cpl, n)),
            "Cp_u": (cap.cpu, _one_sided_qcc(cap.cpu, n)),
            "Cp_k": (cap.cpk, cap.cpk_interval),
            "Cpm": (cap.cpm, cap.cpm_interval),
        }
        return table[parameter]
    if dataset == "orangejuice":
        defectives, sizes = _orangejuice()
        keep = range(30) if "minus" not in subset else [i for i in range(30) if i not in (14, 22)]
        chart = p_chart([defectives[i] for i in keep], [sizes[i] for i in keep])
        table = {
            "center": chart.center,
            "std_dev": chart.sigma * math.sqrt(50),
            "LCL": chart.lcl[0],
            "UCL": chart.ucl[0],
        }
        return table[parameter], None
    raise AssertionError(f"row not mapped: {row}")


def _one_sided_qcc(index: float | None, n: int) -> tuple[float, float]:
    # qcc gives Cpl/Cpu intervals with the one-sided z = qnorm(0.95) in Bissell's form; not part of our API,
    # reproduced here only to check the expected_results rows of Cpl and Cpu completely.
    assert index is not None
    half = index * 1.6448536269514722 * math.sqrt(1 / (9 * n * index * index) + 1 / (2 * (n - 1)))
    return (index - half, index + half)


@pytest.mark.parametrize(
    "row",
    _expected_rows(),
    ids=[f"{r['dataset']}-{r['chart_or_index']}-{r['parameter']}-{r['subset']}" for r in _expected_rows()],
)
def test_expected_results_csv(row):
    value, interval = _produce(row)
    expected = row["expected_value"]
    note = row["tolerance_note"]
    if row["chart_or_index"] == "R" and row["parameter"] == "UCL":
        # D4·R̄ with the table D4 = 2.114 vs qcc's unrounded d3
        # (see test_xbar_r_pistonrings_phase_one_matches_qcc)
        assert value == pytest.approx(float(expected), rel=3e-4)
    elif row["chart_or_index"] == "S" and row["parameter"] == "UCL":
        assert value == pytest.approx(float(expected), rel=1e-7)  # printed to 9 digits, agrees to 8
    elif note.startswith("rel 5e-4"):
        assert value == pytest.approx(float(expected), rel=5e-4)
    else:
        printed(value, expected)
    if "CI" in note:
        low, high = note.split("CI ")[1].split("-")
        assert interval is not None
        assert interval[0] == pytest.approx(float(low), rel=5e-4)
        assert interval[1] == pytest.approx(float(high), rel=5e-4)


# --- capability ---------------------------------------------------------------------------------


def test_capability_pistonrings_all_published_intervals():
    # gedeck/mistat test_processCapability.py (qcc output), spec 73.99–74.01 and 73.99–74.1
    cap = _capability("73.99-74.01")
    assert cap.n == 125
    assert cap.cp == pytest.approx(0.3407, rel=5e-4)
    assert cap.cp_interval == pytest.approx((0.2983, 0.3830), rel=5e-4)
    assert cap.cpk == pytest.approx(0.3006, rel=5e-4)
    assert cap.cpk_interval == pytest.approx((0.2312, 0.3700), rel=5e-4)
    assert cap.cpm == pytest.approx(0.3382, rel=5e-4)
    assert cap.cpm_interval == pytest.approx((0.2960, 0.3804), rel=5e-4)
    wide = _capability("73.99-74.1")
    assert wide.cp_interval == pytest.approx((1.6406, 2.1063), rel=5e-4)
    assert wide.cpk_interval == pytest.approx((0.3055, 0.4559), rel=5e-4)
    assert wide.cpm == pytest.approx(0.4083, rel=5e-4)
    assert wide.cpm_interval == pytest.approx((0.3377, 0.4788), rel=5e-4)
    assert wide.target == pytest.approx(74.045)


def test_capability_nist_example():
    # NIST e-Handbook 6.1.6 "What is Process Capability?": USL 20, LSL 8, μ = 16, σ = 2 →
    # Cp = (20 − 8)/(6·2) = 1.0, cpu = (20 − 16)/(3·2) = 0.667, cpl = (16 − 8)/(3·2) = 1.33, Cpk = 0.67
    cap = process_capability([14.0, 18.0], lsl=8, usl=20, sigma_within=2.0)
    assert cap.mean == 16.0
    printed(cap.cp, "1.0")
    printed(cap.cpu, "0.667")
    printed(cap.cpl, "1.33")
    printed(cap.cpk, "0.67")


def test_cp_confidence_interval_montgomery():
    # Montgomery §8.3.5, example: USL 62, LSL 38, n = 20, s = 1.75 → Ĉp = 2.29 and
    # Ĉp·√(χ²(0.025;19)/19) ≤ Cp ≤ Ĉp·√(χ²(0.975;19)/19): 1.57 ≤ Cp ≤ 3.01 (χ² = 8.91 and 32.85)
    low, high = chi_square_interval(2.29, 19, 0.95)
    printed(low, "1.57")
    printed(high, "3.01")


def test_cpk_confidence_interval_bissell_montgomery():
    # Montgomery §8.3.5, example: n = 20, Ĉpk = 1.33, Bissell (1990) →
    # 1.33 ± 1.96·√(1/(9·20) + 1.33²/(2·19)) = 1.33 ± 1.96 × 0.22827 = 1.33 ± 0.4474 → 0.88 ≤ Cpk ≤ 1.78
    low, high = bissell_interval(1.33, 20, 0.95)
    printed(low, "0.88")
    printed(high, "1.78")
    assert high - low == pytest.approx(2 * 1.959964 * math.sqrt(1 / 180 + 1.33**2 / 38), rel=1e-6)


def test_capability_performance_indices_use_overall_sigma_and_n_minus_1():
    # Hand-worked: values 1..5, mean 3, s = √2.5 = 1.5811; spec 0–6 → Pp = 6/(6·1.5811) = 0.6325,
    # Ppk = min(3, 3)/(3·1.5811) = 0.6325; moving ranges all 1 → σ within = 1/1.128 → Cp = 1.128
    cap = process_capability([1, 2, 3, 4, 5], lsl=0, usl=6)
    printed(cap.sigma_overall, "1.5811")
    printed(cap.pp, "0.6325")
    printed(cap.ppk, "0.6325")
    printed(cap.cp, "1.128")
    assert cap.pp_interval == chi_square_interval(cap.pp, 4, 0.95)
    assert cap.ppk_interval == bissell_interval(cap.ppk, 5, 0.95)
    assert cap.cpm == pytest.approx(6 / (6 * (1 / 1.128)))


def test_capability_with_one_limit_only():
    cap = process_capability([1, 2, 3, 4, 5], lsl=None, usl=9)
    assert cap.cp is None and cap.cpl is None and cap.cp_interval is None and cap.cpm is None
    assert cap.cpk == cap.cpu == pytest.approx((9 - 3) / (3 / 1.128))
    assert cap.ppk == cap.ppu


def test_capability_expected_ppm():
    # μ = 16, σ = 2, USL 20 → P(X > 20) = 1 − Φ(2) = 0.02275 → 22 750 ppm; LSL 8 → Φ(−4) = 31.7 ppm
    cap = process_capability([14.0, 18.0], lsl=8, usl=20, sigma_within=2.0)
    assert cap.expected_ppm_within == pytest.approx(1e6 * (stats.norm.sf(2) + stats.norm.cdf(-4)))
    printed(cap.expected_ppm_within, "22782")
    assert cap.observed_ppm == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [], "lsl": 0, "usl": 1}, "No data"),
        ({"values": [1.0], "lsl": 0, "usl": 1}, "At least 2"),
        ({"values": [1.0, 2.0], "lsl": 5, "usl": 5}, "lower specification limit must be below"),
        ({"values": [1.0, 2.0], "lsl": None, "usl": None}, "At least one specification limit"),
        ({"values": [2.0, 2.0, 2.0], "lsl": 0, "usl": 5}, "standard deviation is zero"),
    ],
)
def test_capability_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        process_capability(**kwargs)


# --- Anderson–Darling ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("adjusted", "expected"),
    [
        # D'Agostino & Stephens (1986) Table 4.9, worked by hand:
        # A* = 1.0 ≥ 0.6: exp(1.2937 − 5.709 + 0.0186) = exp(−4.3967) = 0.012318
        (1.0, "0.012318"),
        # A* = 0.5 in [0.34, 0.6): exp(0.9177 − 2.1395 − 0.345) = exp(−1.5668) = 0.20871
        (0.5, "0.20871"),
        # A* = 0.3 in [0.2, 0.34): 1 − exp(−8.318 + 12.8388 − 5.39442) = 1 − exp(−0.87362) = 0.58256
        (0.3, "0.58256"),
        # A* = 0.1 < 0.2: 1 − exp(−13.436 + 10.114 − 2.2373) = 1 − exp(−5.5593) = 0.99615
        (0.1, "0.99615"),
    ],
)
def test_anderson_darling_p_value_formulas(adjusted, expected):
    printed(anderson_darling_p_value(adjusted), expected)


def test_anderson_darling_statistic_agrees_with_scipy_and_hand_adjustment():
    values = _column("antifreeze.csv", "value")
    result = normality_test(values)
    assert result.method == "Anderson-Darling"
    scipy_a2 = stats.anderson(np.asarray(values), dist="norm", method="interpolate").statistic
    assert result.statistic == pytest.approx(scipy_a2, rel=1e-9)
    n = len(values)
    assert result.adjusted_statistic == pytest.approx(result.statistic * (1 + 0.75 / n + 2.25 / n**2))
    assert result.p_value == pytest.approx(anderson_darling_p_value(result.adjusted_statistic))
    assert result.is_normal == (result.p_value >= 0.05)


def test_anderson_darling_small_sample_by_hand():
    # x = (1, 2, 3, 4, 5): mean 3, s = 1.5811; z = (−1.2649, −0.6325, 0, 0.6325, 1.2649)
    # Φ(z) = (0.10295, 0.26354, 0.5, 0.73646, 0.89705)
    # A² = −5 − (1/5)·Σ(2i−1)[ln Φ(zᵢ) + ln(1 − Φ(z₆₋ᵢ))]
    #    = −5 − (1/5)·[1·(2 ln 0.10295) + 3·(2 ln 0.26354) + 5·(2 ln 0.5)
    #                  + 7·(2 ln 0.73646) + 9·(2 ln 0.89705)]
    #    = −5 + (1/5)·(4.5470 + 8.0012 + 6.9315 + 4.2827 + 1.9556) = −5 + 5.1436 = 0.1436 (symmetric data)
    # A* = 0.1436·(1 + 0.15 + 0.09) = 0.1781 < 0.2 → p = 1 − exp(−13.436 + 18.009 − 7.093) = 1 − exp(−2.5205)
    #    = 1 − 0.0804 = 0.92
    result = normality_test([1, 2, 3, 4, 5])
    printed(result.statistic, "0.1436")
    printed(result.adjusted_statistic, "0.1781")
    printed(result.p_value, "0.92")
    assert result.is_normal


def test_anderson_darling_rejects_clearly_skewed_data():
    values = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 10, 50]
    result = normality_test(values)
    assert result.p_value < 0.005
    assert not result.is_normal


def test_normality_needs_three_distinct_values():
    with pytest.raises(ValueError, match="At least 3"):
        normality_test([1, 2])
    with pytest.raises(ValueError, match="All values are equal"):
        normality_test([4, 4, 4, 4])


# --- descriptive statistics, histogram, box plot -----------------------------------------------------


def test_descriptive_statistics_worked_like_excel():
    # x = 2, 4, 4, 4, 5, 5, 7, 9 (n = 8): mean 5, deviations −3, −1, −1, −1, 0, 0, 2, 4, Σd² = 32 →
    # VAR.S = 32/7 = 4.571429, STDEV.S = 2.138090; QUARTILE.INC: Q1 = 4, MEDIAN 4.5, Q3 = 5.5;
    # SKEW = n/((n−1)(n−2))·Σ(d/s)³ = 8/42 × 42/(32/7)^1.5 = 7√14/32 = 0.818488;
    # KURT = n(n+1)/((n−1)(n−2)(n−3))·Σ(d/s)⁴ − 3(n−1)²/((n−2)(n−3)) = (72/210)(356·49/1024) − 4.9 = 0.940625
    d = descriptive_statistics([9, 2, 4, 4, 5, 4, 5, 7])
    assert d.n == 8
    assert d.mean == 5
    assert d.variance == pytest.approx(32 / 7)
    printed(d.stdev, "2.138090")
    assert (d.minimum, d.maximum, d.range) == (2, 9, 7)
    assert (d.q1, d.median, d.q3, d.iqr) == (4, 4.5, 5.5, 1.5)
    assert d.skewness == pytest.approx(7 * math.sqrt(14) / 32)
    printed(d.skewness, "0.818488")
    assert d.kurtosis == pytest.approx(0.940625)
    # same conventions as numpy (type 7) and scipy's bias-corrected moments
    assert d.q1 == np.percentile([2, 4, 4, 4, 5, 5, 7, 9], 25)
    assert d.skewness == pytest.approx(stats.skew([2, 4, 4, 4, 5, 5, 7, 9], bias=False))


def test_descriptive_statistics_small_samples():
    d = descriptive_statistics([1, 3])
    assert d.stdev == pytest.approx(math.sqrt(2))
    assert d.skewness is None and d.kurtosis is None
    d3 = descriptive_statistics([1, 2, 4])
    assert d3.skewness is not None and d3.kurtosis is None
    flat = descriptive_statistics([5, 5, 5, 5])
    assert flat.stdev == 0 and flat.skewness is None and flat.kurtosis is None
    with pytest.raises(ValueError, match="No data"):
        descriptive_statistics([])
    with pytest.raises(ValueError, match="At least 2"):
        descriptive_statistics([1.0])
    with pytest.raises(ValueError, match="finite"):
        descriptive_statistics([1.0, float("nan")])


def test_histogram_sturges():
    # n = 10 → k = ⌈log2 10⌉ + 1 = 5 bins of width (10 − 1)/5 = 1.8: [1, 2.8) [2.8, 4.6) … [8.2, 10]
    h = histogram(range(1, 11))
    assert h.rule == "Sturges"
    assert h.counts == (2, 2, 2, 2, 2)
    assert h.edges == pytest.approx((1, 2.8, 4.6, 6.4, 8.2, 10))
    assert len(histogram(range(16)).counts) == 5  # ⌈log2 16⌉ + 1 = 5
    assert len(histogram(range(17)).counts) == 6  # ⌈log2 17⌉ + 1 = 6


def test_histogram_last_bin_closed_and_fixed_bins():
    h = histogram([0, 1, 2, 3, 4], bins=2)
    assert h.rule == "fixed"
    assert h.edges == (0.0, 2.0, 4.0)
    assert h.counts == (2, 3)  # 2 goes to the second bin, 4 stays in the last (closed) bin
    single = histogram([7, 7, 7])
    # n = 3 → ⌈log2 3⌉ + 1 = 3 bins over 6.5–7.5 (the range widened by ±0.5)
    assert single.counts == (0, 3, 0) and single.edges == pytest.approx((6.5, 6.8333333, 7.1666667, 7.5))
    with pytest.raises(ValueError, match="No data"):
        histogram([])


def test_box_plot_tukey_fences():
    # 1..9 and 30: Q1 = 3.25, Q3 = 7.75 (type 7), IQR 4.5, fences −3.5 and 14.5 → 30 is an outlier,
    # whiskers at 1 and 9
    b = box_plot([1, 2, 3, 4, 5, 6, 7, 8, 9, 30])
    assert (b.lower_whisker, b.q1, b.median, b.q3, b.upper_whisker) == (1, 3.25, 5.5, 7.75, 9)
    assert b.outliers == (30,)
    assert (b.lower_fence, b.upper_fence) == (-3.5, 14.5)
    low = box_plot([-40, 10, 11, 12, 13, 14, 50])
    assert low.outliers == (-40, 50)
    assert (low.lower_whisker, low.upper_whisker) == (10, 14)


# --- Pareto -------------------------------------------------------------------------------------


def test_pareto_hand_worked():
    # 100 events: A 45, B 25, C 15, D 10, E 5 → cumulative 45 %, 70 %, 85 %, 95 %, 100 %;
    # the vital few (80 %) are A, B and C (C is the first to reach 80 %)
    result = pareto({"D": 10, "A": 45, "E": 5, "C": 15, "B": 25})
    assert result.total == 100
    assert [i.label for i in result.items] == ["A", "B", "C", "D", "E"]
    assert [i.share for i in result.items] == pytest.approx([0.45, 0.25, 0.15, 0.10, 0.05])
    assert [i.cumulative_share for i in result.items] == pytest.approx([0.45, 0.70, 0.85, 0.95, 1.0])
    assert result.items[-1].cumulative_share == 1.0
    assert [i.is_vital_few for i in result.items] == [True, True, True, False, False]
    assert result.vital_few == ("A", "B", "C")


def test_pareto_ties_sorted_by_label_and_exact_cutoff():
    result = pareto([("b", 10), ("c", 5), ("a", 10)])
    assert [i.label for i in result.items] == ["a", "b", "c"]
    exact = pareto({"A": 80, "B": 20})
    assert [i.is_vital_few for i in exact.items] == [True, False]  # 80 % reaches the cut-off
    half = pareto({"A": 1, "B": 1, "C": 1}, cutoff=0.5)
    assert half.vital_few == ("A", "B")


def test_pareto_zero_total_and_bad_input():
    empty = pareto({"A": 0, "B": 0})
    assert empty.total == 0
    assert [(i.share, i.cumulative_share, i.is_vital_few) for i in empty.items] == [
        (0, 0, False),
        (0, 0, False),
    ]
    assert pareto({}).items == ()
    with pytest.raises(ValueError, match="positive or zero"):
        pareto({"A": -1})
    with pytest.raises(ValueError, match="cut-off"):
        pareto({"A": 1}, cutoff=0)


# --- Nelson rules -------------------------------------------------------------------------------------


def _z_chart(points: list[float]) -> ControlChart:
    """A chart whose zones are 1 unit wide (centre 0, limits ±3), so each point is its own z-score."""
    n = len(points)
    return ControlChart(
        kind="I", points=tuple(points), center=0.0, lcl=(-3.0,) * n, ucl=(3.0,) * n, sigma=1.0, secondary=None
    )


def _fired(points: list[float], rule: int, **kwargs) -> list[tuple[int, tuple[int, ...]]]:
    return [(v.index, v.indexes) for v in rule_violations(_z_chart(points), rules=(rule,), **kwargs)]


def test_rule_1_point_beyond_three_sigma():
    assert _fired([0.5, -0.5, 2.9, -2.9, 3.5, 0.0, -3.2], 1) == [(4, (4,)), (6, (6,))]


def test_rule_2_nine_on_one_side():
    points = [-0.5, 0.5, -0.5] + [0.5] * 9
    assert _fired(points, 2) == [(11, tuple(range(3, 12)))]
    assert _fired(points[:-1], 2) == []
    # Western Electric: 8 in a row
    assert _fired(points, 2, run_length=8) == [(10, tuple(range(3, 11))), (11, tuple(range(4, 12)))]
    # a point on the centre line breaks the run
    assert _fired([0.5] * 4 + [0.0] + [0.5] * 8, 2) == []


def test_rule_3_six_increasing_or_decreasing():
    points = [0.5, -0.5, -1.0, -0.6, -0.2, 0.2, 0.6, 1.0, 0.3]
    assert _fired(points, 3) == [(7, (2, 3, 4, 5, 6, 7))]
    assert _fired([2.0, 1.5, 1.0, 0.5, 0.0, -0.5], 3) == [(5, (0, 1, 2, 3, 4, 5))]
    assert _fired([0.0, 0.2, 0.4, 0.4, 0.6, 0.8, 1.0], 3) == []  # a tie breaks the trend


def test_rule_4_fourteen_alternating():
    points = [0.0, 0.0] + [(-0.5 if k % 2 == 0 else 0.5) for k in range(13)]
    assert len(points) == 15
    assert _fired(points, 4) == [(14, tuple(range(1, 15)))]
    assert _fired(points[:-1], 4) == []


def test_rule_5_two_of_three_beyond_two_sigma():
    assert _fired([0.5, 2.5, 0.5, 2.5], 5) == [(3, (1, 3))]
    assert _fired([2.5, -2.5, 0.0, 2.1, 0.0, 0.0, 2.2], 5) == []  # opposite sides / too far apart
    assert _fired([-2.5, -2.6], 5) == [(1, (0, 1))]


def test_rule_6_four_of_five_beyond_one_sigma():
    assert _fired([1.5, 1.5, 0.0, 1.5, 1.5], 6) == [(4, (0, 1, 3, 4))]
    assert _fired([1.5, 1.5, 0.0, 1.5, 0.0, 1.5], 6) == []


def test_rule_7_fifteen_within_one_sigma():
    points = [1.5] + [(0.5 if k % 2 == 0 else -0.5) for k in range(15)]
    assert _fired(points, 7) == [(15, tuple(range(1, 16)))]
    assert _fired(points[:-1], 7) == []


def test_rule_8_eight_beyond_one_sigma_either_side():
    points = [0.0] + [1.5, -1.5] * 4
    assert _fired(points, 8) == [(8, tuple(range(1, 9)))]
    assert _fired(points[:-1], 8) == []


def test_no_rule_fires_on_an_ordinary_series():
    points = [0.5, -0.3, 1.2, -1.1, 0.2, 0.8, -0.6, 1.5, -0.2, 0.4, -1.3, 0.1, 0.9, 0.7, -0.3, 1.1]
    assert rule_violations(_z_chart(points)) == ()


def test_western_electric_mapping():
    assert WESTERN_ELECTRIC_RULES == (1, 5, 6, 2)
    assert WESTERN_ELECTRIC_RUN_LENGTH == 8
    assert set(RULE_DESCRIPTIONS) == set(range(1, 9))
    # WE rule 4: 8 successive points on one side → Nelson 2 with a run of 8
    points = [-0.5] + [0.5] * 8
    found = rule_violations(
        _z_chart(points), rules=WESTERN_ELECTRIC_RULES, run_length=WESTERN_ELECTRIC_RUN_LENGTH
    )
    assert [(v.rule, v.index) for v in found] == [(2, 8)]
    assert rule_violations(_z_chart(points)) == ()


def test_rules_use_per_point_sigma_of_variable_limits():
    # u chart with units 1 and 4: σ per point √(ū/n) → a value of ū + 2.5σ is only beyond 3σ where σ is small
    chart = u_chart([2, 2, 2, 2, 14], [1, 1, 1, 1, 4])
    # ū = 22/8 = 2.75; point 5: 3.5, σ₅ = √(2.75/4) = 0.829 → z = 0.90: no rule 1
    assert [v.rule for v in rule_violations(chart, rules=(1,))] == []
    with pytest.raises(ValueError, match="Unknown rule"):
        rule_violations(chart, rules=(9,))


# --- control chart input errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: individuals_chart([]), "No data"),
        (lambda: individuals_chart([1.0]), "At least 2"),
        (lambda: xbar_r_chart([]), "No data"),
        (lambda: xbar_r_chart([[1, 2]]), "At least 2 subgroups"),
        (lambda: xbar_r_chart([[1], [2]]), "between 2 and 25"),
        (lambda: xbar_r_chart([list(range(26)), list(range(26))]), "between 2 and 25"),
        (lambda: xbar_r_chart([[1, 2], [1, 2, 3]]), "equal size"),
        (lambda: xbar_s_chart([[1, 2, 3], [4]]), "between 2 and 25"),
        (lambda: p_chart([1, 2], [10, 0]), "greater than zero"),
        (lambda: p_chart([1, 2], [10]), "one sample size per sample"),
        (lambda: p_chart([1, 12], [10, 10]), "more nonconforming units than its size"),
        (lambda: np_chart([1, 2], 0), "greater than zero"),
        (lambda: c_chart([1, -2]), "positive or zero"),
        (lambda: u_chart([1, 2], [1, 0]), "greater than zero"),
        (lambda: c_chart([1, 2, 3], limits_from=slice(5, 9)), "selects no point"),
    ],
)
def test_control_charts_refuse_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- decision tools -------------------------------------------------------------------------------


def test_weighted_decision_matrix_hand_worked():
    # weights cost 0.5, efficacy 0.3, delay 0.2:
    # A (3, 5, 4) → 1.5 + 1.5 + 0.8 = 3.8; B (5, 3, 2) → 2.5 + 0.9 + 0.4 = 3.8;
    # C (4, 4, 5) → 2.0 + 1.2 + 1.0 = 4.2
    rows = weighted_decision_matrix(
        [("Coût", 0.5), ("Efficacité", 0.3), ("Délai", 0.2)],
        [("A", [3, 5, 4]), ("B", [5, 3, 2]), ("C", [4, 4, 5])],
    )
    assert [(r.option, r.rank) for r in rows] == [("C", 1), ("A", 2), ("B", 2)]
    assert [r.weighted_total for r in rows] == pytest.approx([4.2, 3.8, 3.8])
    assert [r.share_of_best for r in rows] == pytest.approx([1.0, 3.8 / 4.2, 3.8 / 4.2])
    printed(rows[1].share_of_best, "0.904762")
    with pytest.raises(ValueError, match="one score per criterion"):
        weighted_decision_matrix([("x", 1)], [("A", [1, 2])])
    with pytest.raises(ValueError, match="At least one criterion"):
        weighted_decision_matrix([], [("A", [])])
    with pytest.raises(ValueError, match="positive or zero"):
        weighted_decision_matrix([("x", -1)], [("A", [1])])


def test_cost_benefit_hand_worked():
    # 50 000 €/year of dysfunction, 60 % reduction → 30 000 €/year gained; running 5 000 → net 25 000 €/year;
    # investment 40 000 → payback 40 000 / 25 000 = 1.6 years; over 3 years 75 000 − 40 000 = 35 000;
    # ROI 35 000 / 40 000 = 0.875; benefit–cost ratio 90 000 / (40 000 + 15 000) = 1.636364
    result = cost_benefit(
        dysfunction_cost_per_year=50_000,
        expected_reduction=0.6,
        investment=40_000,
        running_cost_per_year=5_000,
        years=3,
    )
    assert result.annual_gain == pytest.approx(30_000)
    assert result.net_annual_gain == pytest.approx(25_000)
    assert result.payback_years == pytest.approx(1.6)
    assert result.net_gain_over_period == pytest.approx(35_000)
    assert result.roi == pytest.approx(0.875)
    printed(result.benefit_cost_ratio, "1.636364")


def test_cost_benefit_never_paid_back_and_errors():
    result = cost_benefit(
        dysfunction_cost_per_year=10_000,
        expected_reduction=0.2,
        investment=5_000,
        running_cost_per_year=3_000,
    )
    assert result.net_annual_gain == pytest.approx(-1_000)
    assert result.payback_years is None
    assert result.roi == pytest.approx((3 * -1_000 - 5_000) / 5_000)
    free = cost_benefit(dysfunction_cost_per_year=1_000, expected_reduction=0.5, investment=0)
    assert free.payback_years == 0 and free.roi is None and free.benefit_cost_ratio is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        cost_benefit(dysfunction_cost_per_year=1, expected_reduction=1.5, investment=1)
    with pytest.raises(ValueError, match="at least 1 year"):
        cost_benefit(dysfunction_cost_per_year=1, expected_reduction=0.5, investment=1, years=0)
    with pytest.raises(ValueError, match="investment must be"):
        cost_benefit(dysfunction_cost_per_year=1, expected_reduction=0.5, investment=-1)

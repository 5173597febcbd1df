"""Properties that must hold for any input (seeded random data, no database): the statistics agree
with their definitions and with independent implementations (numpy, scipy, a plain-Python reference
of the Nelson rules), whatever the data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from qsse.analysis.calculations import (
    ControlChart,
    box_plot,
    descriptive_statistics,
    histogram,
    individuals_chart,
    normality_test,
    p_chart,
    pareto,
    process_capability,
    rule_violations,
    u_chart,
    weighted_decision_matrix,
    xbar_r_chart,
    xbar_s_chart,
)

SEEDS = range(12)


def _sample(seed: int, n: int | None = None) -> list[float]:
    rng = np.random.default_rng(seed)
    size = n if n is not None else int(rng.integers(5, 200))
    kind = seed % 3
    if kind == 0:
        values = rng.normal(50, 4, size)
    elif kind == 1:
        values = rng.exponential(3, size)
    else:
        values = rng.integers(0, 10, size).astype(float)  # many ties
    return [float(v) for v in values]


@pytest.mark.parametrize("seed", SEEDS)
def test_cpk_never_exceeds_cp_and_ppk_never_exceeds_pp(seed):
    values = _sample(seed)
    mean = float(np.mean(values))
    spread = float(np.std(values)) + 1
    rng = np.random.default_rng(seed + 100)
    lsl = mean - spread * float(rng.uniform(0.5, 6))
    usl = mean + spread * float(rng.uniform(0.5, 6))
    cap = process_capability(values, lsl=lsl, usl=usl)
    assert cap.cpk <= cap.cp + 1e-12
    assert cap.ppk <= cap.pp + 1e-12
    # Cp is the mean of Cpl and Cpu; Cpk = Cp·(1 − k), k = |m − μ| / ((USL − LSL)/2)
    assert cap.cp == pytest.approx((cap.cpl + cap.cpu) / 2)
    k = abs((lsl + usl) / 2 - cap.mean) / ((usl - lsl) / 2)
    assert cap.cpk == pytest.approx(cap.cp * (1 - k))
    # Cpm ≤ Cp (the distance to the target only adds to the denominator)
    assert cap.cpm <= cap.cp + 1e-12
    for index, interval in (
        (cap.cp, cap.cp_interval),
        (cap.cpk, cap.cpk_interval),
        (cap.pp, cap.pp_interval),
        (cap.ppk, cap.ppk_interval),
    ):
        assert interval[0] < index < interval[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_wider_confidence_gives_wider_intervals(seed):
    values = _sample(seed)
    mean = float(np.mean(values))
    narrow = process_capability(values, lsl=mean - 20, usl=mean + 30, confidence=0.90)
    wide = process_capability(values, lsl=mean - 20, usl=mean + 30, confidence=0.99)
    assert wide.cp_interval[0] < narrow.cp_interval[0] and narrow.cp_interval[1] < wide.cp_interval[1]
    assert wide.cpk_interval[0] < narrow.cpk_interval[0] and narrow.cpk_interval[1] < wide.cpk_interval[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_pareto_cumulative_shares_are_monotonic_and_end_at_one(seed):
    rng = np.random.default_rng(seed)
    counts = {f"cat-{k:02d}": float(rng.integers(0, 50)) for k in range(int(rng.integers(1, 40)))}
    counts["last"] = 1.0  # never a zero total
    result = pareto(counts, cutoff=float(rng.uniform(0.05, 1.0)))
    cumulative = [item.cumulative_share for item in result.items]
    assert all(a <= b for a, b in zip(cumulative, cumulative[1:], strict=False))
    assert cumulative[-1] == 1.0
    assert math.fsum(item.share for item in result.items) == pytest.approx(1.0)
    values = [item.value for item in result.items]
    assert values == sorted(values, reverse=True)
    # the vital few are a non-empty prefix
    flags = [item.is_vital_few for item in result.items]
    assert flags[0] and flags == sorted(flags, reverse=True)
    assert result.total == pytest.approx(sum(counts.values()))


@pytest.mark.parametrize("seed", SEEDS)
def test_descriptive_statistics_agree_with_numpy_and_scipy(seed):
    values = _sample(seed)
    d = descriptive_statistics(values)
    array = np.asarray(values)
    assert d.mean == pytest.approx(array.mean())
    assert d.stdev == pytest.approx(array.std(ddof=1))
    assert (d.q1, d.median, d.q3) == pytest.approx(tuple(np.percentile(array, [25, 50, 75])))
    assert d.minimum <= d.q1 <= d.median <= d.q3 <= d.maximum
    if d.skewness is not None:
        assert d.skewness == pytest.approx(stats.skew(array, bias=False), abs=1e-9)
    if d.kurtosis is not None:
        assert d.kurtosis == pytest.approx(stats.kurtosis(array, bias=False), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_histogram_counts_every_value_once(seed):
    values = _sample(seed)
    h = histogram(values)
    assert sum(h.counts) == len(values)
    assert len(h.edges) == len(h.counts) + 1
    assert len(h.counts) == math.ceil(math.log2(len(values))) + 1
    assert list(h.edges) == sorted(h.edges)
    assert h.edges[0] == min(values) and h.edges[-1] == max(values)


@pytest.mark.parametrize("seed", SEEDS)
def test_box_plot_partitions_the_data(seed):
    values = _sample(seed)
    b = box_plot(values)
    inside = [v for v in values if b.lower_whisker <= v <= b.upper_whisker]
    assert len(inside) + len(b.outliers) == len(values)
    assert b.lower_fence <= b.lower_whisker <= b.q1 <= b.median <= b.q3 <= b.upper_whisker <= b.upper_fence
    assert all(v < b.lower_fence or v > b.upper_fence for v in b.outliers)


@pytest.mark.parametrize("seed", SEEDS)
def test_anderson_darling_statistic_matches_scipy(seed):
    values = _sample(seed, n=int(np.random.default_rng(seed).integers(8, 300)))
    result = normality_test(values)
    expected = stats.anderson(np.asarray(values), dist="norm", method="interpolate").statistic
    assert result.statistic == pytest.approx(expected, rel=1e-7)
    assert 0.0 <= result.p_value <= 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_control_limits_are_symmetric_and_attribute_limits_floored(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 26))
    groups = [list(rng.normal(10, 1, n)) for _ in range(int(rng.integers(2, 30)))]
    for chart in (xbar_r_chart(groups), xbar_s_chart(groups), individuals_chart(_sample(seed))):
        for low, high in zip(chart.lcl, chart.ucl, strict=True):
            assert chart.center - low == pytest.approx(high - chart.center)
        secondary = chart.secondary
        assert secondary is not None and all(low >= 0 for low in secondary.lcl)
    sizes = [int(s) for s in rng.integers(1, 60, 25)]
    defectives = [int(rng.integers(0, s + 1)) for s in sizes]
    p = p_chart(defectives, sizes)
    assert all(0.0 <= low <= p.center <= high <= 1.0 for low, high in zip(p.lcl, p.ucl, strict=True))
    u = u_chart([float(c) for c in rng.integers(0, 5, 25)], [float(s) for s in rng.uniform(0.5, 3, 25)])
    assert all(0.0 <= low <= u.center <= high for low, high in zip(u.lcl, u.ucl, strict=True))


@pytest.mark.parametrize("seed", SEEDS)
def test_decision_ranks_follow_totals(seed):
    rng = np.random.default_rng(seed)
    criteria = [(f"c{k}", float(rng.integers(0, 5))) for k in range(4)]
    options = [(f"o{k}", [float(v) for v in rng.integers(0, 4, 4)]) for k in range(6)]
    rows = weighted_decision_matrix(criteria, options)
    totals = [r.weighted_total for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert rows[0].rank == 1
    for previous, row in zip(rows, rows[1:], strict=False):
        assert (
            row.rank == previous.rank
            if row.weighted_total == previous.weighted_total
            else row.rank > previous.rank
        )
    assert all(0.0 <= r.share_of_best <= 1.0 for r in rows)


# --- the vectorised Nelson rules against a plain, point-by-point reference ------------------------


def _reference_rules(chart: ControlChart, run_length: int = 9) -> list[tuple[int, int, tuple[int, ...]]]:
    """Point-by-point transcription of Nelson's eight tests (slow, obviously right)."""
    x = list(chart.points)
    z = [(p - chart.center) / ((u - chart.center) / 3) for p, u in zip(x, chart.ucl, strict=True)]
    found = []
    for i in range(len(x)):
        if abs(z[i]) > 3:
            found.append((1, i, (i,)))
        if i >= run_length - 1:
            window = z[i - run_length + 1 : i + 1]
            if all(v > 0 for v in window) or all(v < 0 for v in window):
                found.append((2, i, tuple(range(i - run_length + 1, i + 1))))
        if i >= 5:
            diffs = [x[j] - x[j - 1] for j in range(i - 4, i + 1)]
            if all(d > 0 for d in diffs) or all(d < 0 for d in diffs):
                found.append((3, i, tuple(range(i - 5, i + 1))))
        if i >= 13:
            diffs = [x[j] - x[j - 1] for j in range(i - 12, i + 1)]
            if all(d != 0 for d in diffs) and all(
                (a > 0) != (b > 0) for a, b in zip(diffs, diffs[1:], strict=False)
            ):
                found.append((4, i, tuple(range(i - 13, i + 1))))
        for rule, k, m, limit in ((5, 2, 3, 2.0), (6, 4, 5, 1.0)):
            if abs(z[i]) > limit:
                side = 1 if z[i] > 0 else -1
                beyond = [j for j in range(max(0, i - m + 1), i + 1) if side * z[j] > limit]
                if len(beyond) >= k:
                    found.append((rule, i, tuple(beyond)))
        if i >= 14 and all(abs(v) < 1 for v in z[i - 14 : i + 1]):
            found.append((7, i, tuple(range(i - 14, i + 1))))
        if i >= 7 and all(abs(v) > 1 for v in z[i - 7 : i + 1]):
            found.append((8, i, tuple(range(i - 7, i + 1))))
    return sorted(found, key=lambda v: (v[1], v[0]))


@pytest.mark.parametrize("seed", range(30))
def test_vectorised_rules_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    # a mix of noise, drifts, shifts, alternations and repeated values so that every rule fires somewhere
    base = rng.normal(0, 1, n)
    if seed % 5 == 1:
        base += np.linspace(0, 4, n)
    if seed % 5 == 2:
        base = np.round(base * 2) / 2
    if seed % 5 == 3:
        base = np.where(np.arange(n) % 2 == 0, 0.6, -0.6) + rng.normal(0, 0.05, n)
    if seed % 5 == 4:
        base = rng.normal(0, 0.3, n)
    points = tuple(float(v) for v in base)
    chart = ControlChart(
        kind="I", points=points, center=0.0, lcl=(-3.0,) * n, ucl=(3.0,) * n, sigma=1.0, secondary=None
    )
    run_length = 8 if seed % 2 else 9
    ours = [(v.rule, v.index, v.indexes) for v in rule_violations(chart, run_length=run_length)]
    assert ours == _reference_rules(chart, run_length=run_length)

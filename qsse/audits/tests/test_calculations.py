"""Pure calculations, without a database. The worked examples are computed by hand below each test
(source: the rules documented in docs/audits.md, derived from ISO 19011:2018 §5.2 and §5.4)."""

import pytest

from qsse.audits.calculations import (
    PlannedAudit,
    audit_frequency,
    finding_counts,
    maturity_level,
    maturity_score,
    programme_coverage,
)

PROCESSES = [(1, "REA-05 Usinage"), (2, "REA-06 Traitement de surface"), (3, "REA-03 Achats")]


def test_coverage_matrix_hand_worked_example():
    # Programme 2025–2027. Machining: done 2025, planned 2027. Surface treatment: two audits in
    # 2026, one done, one planned. Purchasing: nothing → uncovered. An audit of 2024 is outside.
    audits = [
        PlannedAudit(1, 2025, True, ("ISO 9001:2015|8.5", "ISO 9001:2015|7.1")),
        PlannedAudit(1, 2027, False),
        PlannedAudit(2, 2026, True, ("ISO 9001:2015|8",)),
        PlannedAudit(2, 2026, False),
        PlannedAudit(3, 2024, True, ("ISO 9001:2015|9.2",)),
        PlannedAudit(None, 2026, True, ("ISO 9001:2015|4.1",)),  # supplier audit: clauses only
    ]
    required = ["ISO 9001:2015|4", "ISO 9001:2015|7", "ISO 9001:2015|8", "ISO 9001:2015|9"]
    coverage = programme_coverage(PROCESSES, [2025, 2026, 2027], audits, required)
    machining, surface, purchasing = coverage.rows
    assert [(c.done, c.planned, c.state) for c in machining.cells] == [
        (1, 0, "done"),
        (0, 0, "none"),
        (0, 1, "planned"),
    ]
    assert [(c.done, c.planned) for c in surface.cells] == [(0, 0), (1, 1), (0, 0)]
    assert surface.cells[1].state == "done"  # one done wins over planned in the colour
    assert not purchasing.is_covered
    assert coverage.uncovered_process_ids == (3,)
    assert coverage.process_coverage_rate == pytest.approx(2 / 3)
    # §4 through 4.1, §7 through 7.1, §8 itself and through 8.5; §9 only by the 2024 audit: uncovered.
    assert coverage.covered_clauses == ("ISO 9001:2015|4", "ISO 9001:2015|7", "ISO 9001:2015|8")
    assert coverage.uncovered_clauses == ("ISO 9001:2015|9",)
    assert coverage.clause_coverage_rate == 0.75


def test_coverage_without_processes_or_clauses():
    coverage = programme_coverage([], [2025], [])
    assert coverage.process_coverage_rate is None
    assert coverage.clause_coverage_rate is None


@pytest.mark.parametrize(
    ("risk", "last", "years"),
    [
        ("high", "good", 1),
        ("medium", "good", 2),
        ("low", "good", 3),
        ("low", "minor", 2),
        ("medium", "minor", 2),
        ("high", "minor", 1),
        ("low", "major", 1),
        ("low", "none", 2),
        ("high", "none", 1),
    ],
)
def test_audit_frequency_rule(risk, last, years):
    assert audit_frequency(risk, last) == years


def test_audit_frequency_rejects_unknown_values():
    with pytest.raises(ValueError):
        audit_frequency("extreme", "good")
    with pytest.raises(ValueError):
        audit_frequency("low", "excellent")


def test_maturity_score_worked_example():
    # 6 conform (6), 1 OFI (1), 1 observation (0.75), 1 minor (0.5), 1 major (0) = 8.25 / 10
    # = 82.5 % → level 4 (75 ≤ s < 90); N/A and not assessed are left out.
    answers = ["conform"] * 6 + ["ofi", "observation", "minor", "major", "not_applicable", "not_assessed"]
    score = maturity_score(answers)
    assert score.assessed == 10
    assert score.score == 82.5
    assert score.level == 4


def test_maturity_levels_boundaries():
    assert [maturity_level(s) for s in (0, 39.9, 40, 59.9, 60, 74.9, 75, 89.9, 90, 100)] == [
        1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]  # fmt: skip
    assert maturity_score(["not_applicable"]).score is None
    assert maturity_score(["conform"] * 3).level == 5
    assert maturity_score(["major", "conform"]).level == 2  # 50 %


def test_finding_counts_lists_every_kind():
    assert finding_counts(["minor_nc", "minor_nc", "ofi"]) == {
        "conformity": 0,
        "major_nc": 0,
        "minor_nc": 2,
        "observation": 0,
        "ofi": 1,
    }

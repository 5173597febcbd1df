"""Pure calculations of the audit module: programme coverage, audit frequency, maturity score.

No Django import: plain values in, frozen dataclasses out (tested without a database).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# --- Audit frequency (ISO 19011:2018 §5.2/§5.4: the programme considers risks and past results) -----

# Risk level of the process → audit every N years when the last audit found nothing.
BASE_FREQUENCY_YEARS = {"high": 1, "medium": 2, "low": 3}


def audit_frequency(risk_level: str, last_result: str) -> int:
    """Years between two audits of a process: 1, 2 or 3.

    Project rule (documented in docs/audits.md, not a published table): the risk level sets the base
    interval (high 1, medium 2, low 3 years); a major NC at the last audit brings it to 1 year, minor
    NCs or no audit yet cap it at 2 years; a clean last audit keeps the base.
    """
    if risk_level not in BASE_FREQUENCY_YEARS:
        raise ValueError(f"Unknown risk level {risk_level!r}")
    base = BASE_FREQUENCY_YEARS[risk_level]
    if last_result == "major":
        return 1
    if last_result in ("minor", "none"):
        return min(base, 2)
    if last_result == "good":
        return base
    raise ValueError(f"Unknown last result {last_result!r}")


def last_result_from_findings(finding_kinds: Iterable[str]) -> str:
    """The "last result" of a completed audit from its findings: ``major`` with a major NC,
    ``minor`` with minor NCs only, else ``good``."""
    kinds = set(finding_kinds)
    if "major_nc" in kinds:
        return "major"
    if "minor_nc" in kinds:
        return "minor"
    return "good"


def missing_audit_years(
    frequency: int,
    planned_years: Iterable[int],
    start_year: int,
    end_year: int,
    last_done_year: int | None = None,
) -> list[int]:
    """The years of the programme where an audit falls due by the frequency but none is planned.

    The first audit is due ``frequency`` years after the last completed one before the programme
    (overdue: the first year), or within the first ``frequency`` years when there is none; each audit
    planned in the window (previous audit, due year] restarts the count from the latest of them; a
    window with none gets the due year, and the count restarts from there.
    Example: every 2 years, 2025–2030, last audit 2024, planned 2026 and 2029 → due 2026 (planned),
    next window 2027–2028: nothing → 2028 missing; then 2029–2030: 2029 planned → ``[2028]``.
    """
    if frequency < 1:
        raise ValueError("The frequency is at least one year.")
    planned = sorted({y for y in planned_years if start_year <= y <= end_year})
    anchor = last_done_year if last_done_year is not None and last_done_year < start_year else start_year - 1
    missing: list[int] = []
    while True:
        due = max(anchor + frequency, start_year)
        if due > end_year:
            return missing
        window = [y for y in planned if anchor < y <= due]
        if window:
            anchor = window[-1]
        else:
            missing.append(due)
            anchor = due


# --- Programme coverage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAudit:
    """An audit (done) or a planned one, as the coverage matrix sees it."""

    process_id: int | None
    year: int
    is_done: bool
    clause_keys: tuple[str, ...] = ()  # e.g. "ISO 9001:2015|8.5", the clauses it covers
    supplier_name: str = ""  # a second-party audit (no process)


@dataclass(frozen=True)
class CoverageCell:
    year: int
    planned: int  # audits planned and not done yet
    done: int

    @property
    def state(self) -> str:
        """done | planned | none"""
        if self.done:
            return "done"
        if self.planned:
            return "planned"
        return "none"


@dataclass(frozen=True)
class CoverageRow:
    process_id: int | None
    label: str
    cells: tuple[CoverageCell, ...]
    supplier_name: str = ""  # a supplier's row (second-party audits): process_id is None

    @property
    def is_covered(self) -> bool:
        return any(cell.state != "none" for cell in self.cells)


@dataclass(frozen=True)
class Coverage:
    years: tuple[int, ...]
    rows: tuple[CoverageRow, ...]
    uncovered_process_ids: tuple[int, ...]
    covered_clauses: tuple[str, ...]
    uncovered_clauses: tuple[str, ...]
    # For each required clause, the years of the audits that cover it (empty: a gap).
    clause_years: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def process_rows(self) -> tuple[CoverageRow, ...]:
        return tuple(row for row in self.rows if row.process_id is not None)

    @property
    def supplier_rows(self) -> tuple[CoverageRow, ...]:
        return tuple(row for row in self.rows if row.process_id is None)

    @property
    def process_coverage_rate(self) -> float | None:
        """Share (0–1) of the processes with at least one audit planned or done over the programme."""
        processes = self.process_rows
        if not processes:
            return None
        return (len(processes) - len(self.uncovered_process_ids)) / len(processes)

    @property
    def clause_coverage_rate(self) -> float | None:
        total = len(self.covered_clauses) + len(self.uncovered_clauses)
        return len(self.covered_clauses) / total if total else None


def supplier_key(name: str) -> str:
    """Suppliers are free-text names: compared without case and surrounding spaces."""
    return " ".join(name.split()).casefold()


def _covering_prefixes(key: str) -> list[str]:
    """A clause key and the keys of its parents ("X|8.5.1" → "X|8.5.1", "X|8.5", "X|8")."""
    standard, _, code = key.partition("|")
    parts = code.split(".")
    return [f"{standard}|{'.'.join(parts[:length])}" for length in range(len(parts), 0, -1)]


def programme_coverage(
    processes: Sequence[tuple[int, str]],
    years: Sequence[int],
    audits: Iterable[PlannedAudit],
    required_clauses: Sequence[str] = (),
    suppliers: Sequence[str] = (),
) -> Coverage:
    """The processes × years matrix of an audit programme, then one row per supplier.

    Each cell counts the audits done (reported or closed) and those still planned for that process
    (or supplier) and year; a process with no audit in any year of the programme is uncovered. A
    required clause is covered when at least one audit, planned or done, of the programme has it
    among its criteria (a top-level clause "X|8" is also covered by any of its sub-clauses "X|8.5").
    """
    year_set = set(years)
    done: Counter[tuple[int | str, int]] = Counter()
    planned: Counter[tuple[int | str, int]] = Counter()
    clause_year_sets: dict[str, set[int]] = {}
    for audit in audits:
        if audit.year not in year_set:
            continue
        for key in audit.clause_keys:
            for prefix in _covering_prefixes(key):
                clause_year_sets.setdefault(prefix, set()).add(audit.year)
        subject: int | str | None = (
            audit.process_id if audit.process_id is not None else supplier_key(audit.supplier_name) or None
        )
        if subject is None:
            continue
        (done if audit.is_done else planned)[(subject, audit.year)] += 1

    def cells(subject: int | str) -> tuple[CoverageCell, ...]:
        return tuple(
            CoverageCell(year=year, planned=planned[(subject, year)], done=done[(subject, year)])
            for year in years
        )

    rows = tuple(CoverageRow(process_id=pid, label=label, cells=cells(pid)) for pid, label in processes)
    rows += tuple(
        CoverageRow(process_id=None, label=name, cells=cells(supplier_key(name)), supplier_name=name)
        for name in suppliers
    )
    covered = tuple(key for key in required_clauses if key in clause_year_sets)
    uncovered = tuple(key for key in required_clauses if key not in clause_year_sets)
    return Coverage(
        years=tuple(years),
        rows=rows,
        uncovered_process_ids=tuple(
            row.process_id for row in rows if row.process_id is not None and not row.is_covered
        ),
        covered_clauses=covered,
        uncovered_clauses=uncovered,
        clause_years=tuple((key, tuple(sorted(clause_year_sets.get(key, ())))) for key in required_clauses),
    )


# --- Maturity / efficacy score from the checklist ---------------------------------------------------

# Weight of each answer in the score; not assessed and not applicable answers are left out.
ANSWER_WEIGHTS = {"conform": 1.0, "ofi": 1.0, "observation": 0.75, "minor": 0.5, "major": 0.0}
# Lower bound (in %) of each maturity level, from 5 down to 1.
MATURITY_LEVELS = ((90.0, 5), (75.0, 4), (60.0, 3), (40.0, 2), (0.0, 1))


@dataclass(frozen=True)
class MaturityScore:
    assessed: int  # answers that count (conform, ofi, observation, minor, major)
    score: float | None  # 0–100 %, None when nothing was assessed
    level: int | None  # 1–5


def maturity_level(score: float) -> int:
    for threshold, level in MATURITY_LEVELS:
        if score >= threshold:
            return level
    return 1


def maturity_score(answers: Iterable[str]) -> MaturityScore:
    """Efficacy score of the audited process from its checklist answers.

    score = 100 × Σ weight(answer) / number of assessed answers, weights: conform 1, OFI 1,
    observation 0.75, minor NC 0.5, major NC 0. Level 5 from 90 %, 4 from 75 %, 3 from 60 %,
    2 from 40 %, else 1 (project rule, see docs/audits.md).
    """
    weights = [ANSWER_WEIGHTS[a] for a in answers if a in ANSWER_WEIGHTS]
    if not weights:
        return MaturityScore(assessed=0, score=None, level=None)
    score = round(100 * sum(weights) / len(weights), 1)
    return MaturityScore(assessed=len(weights), score=score, level=maturity_level(score))


FINDING_KINDS = ("conformity", "major_nc", "minor_nc", "observation", "ofi")


def finding_counts(kinds: Iterable[str]) -> dict[str, int]:
    """Number of findings of each kind, every kind present (0 when none)."""
    counts = Counter(kinds)
    return {kind: counts.get(kind, 0) for kind in FINDING_KINDS}


# --- Checklist template questions typed one per line ---------------------------------------------

CLAUSE_PREFIX = "§"


def parse_question_lines(text: str) -> list[tuple[str | None, str]]:
    """The questions of a template typed one per line: ``(clause code or None, question)``.

    A line may start with ``§<clause> `` to link the question to a clause, e.g. ``§8.5.1 How are the
    work instructions kept available?`` → ``("8.5.1", "How are the work instructions kept
    available?")``; blank lines are skipped.
    """
    questions: list[tuple[str | None, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(CLAUSE_PREFIX):
            code, _, rest = line[len(CLAUSE_PREFIX) :].strip().partition(" ")
            if code and rest.strip():
                questions.append((code.rstrip(":"), rest.strip()))
                continue
        questions.append((None, line))
    return questions


def format_question_lines(questions: Iterable[tuple[str | None, str]]) -> str:
    """The reverse of ``parse_question_lines``."""
    return "\n".join(f"{CLAUSE_PREFIX}{code} {text}" if code else text for code, text in questions)

"""Reads of the audit module, restricted to what the user may see (site scope)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from qsse.core.permissions import scope_queryset
from qsse.processes.models import Process

from .calculations import (
    Coverage,
    PlannedAudit,
    audit_frequency,
    finding_counts,
    last_result_from_findings,
    missing_audit_years,
    programme_coverage,
    supplier_key,
)
from .choices import DONE_STATUSES, NC_FINDING_KINDS, AuditKind, AuditStatus, LastResult
from .models import (
    Audit,
    AuditMeeting,
    Auditor,
    AuditProgramme,
    ChecklistQuestion,
    ChecklistTemplate,
    Finding,
    ProgrammeItem,
    Standard,
    StandardClause,
)


def programme_list(user: Any) -> QuerySet[AuditProgramme]:
    return scope_queryset(user, AuditProgramme.objects.select_related("manager", "site")).annotate(
        item_count=Count("items", distinct=True)
    )


def programme_get(user: Any, pk: int) -> AuditProgramme:
    return scope_queryset(user, AuditProgramme.objects.select_related("manager", "site")).get(pk=pk)


def programme_items(programme: AuditProgramme) -> QuerySet[ProgrammeItem]:
    return programme.items.select_related("process", "standard").prefetch_related(
        Prefetch("audits", queryset=Audit.objects.only("id", "reference", "status", "programme_item_id"))
    )


def programme_audits(user: Any, programme: AuditProgramme) -> QuerySet[Audit]:
    """The audits of the programme's years (from its items or not), visible to the user."""
    queryset = audit_list(user).filter(
        planned_start__year__gte=programme.start_year, planned_start__year__lte=programme.end_year
    )
    if programme.site_id:
        queryset = queryset.filter(site=programme.site_id)
    return queryset


def clause_key(standard_code: str, clause_code: str) -> str:
    return f"{standard_code}|{clause_code}"


def programme_processes(programme: AuditProgramme) -> QuerySet[Process]:
    """The processes a programme covers: every active process, or, for a programme limited to a
    site, the active processes whose owner works on that site, plus those the programme plans or
    the site audited (processes are organisation-wide: their owner's site places them)."""
    processes = Process.objects.filter(is_active=True)
    if programme.site_id:
        audited = Audit.objects.filter(
            site=programme.site_id,
            planned_start__year__gte=programme.start_year,
            planned_start__year__lte=programme.end_year,
        ).values("process_id")
        processes = processes.filter(
            Q(owner__site=programme.site_id)
            | Q(pk__in=programme.items.values("process_id"))
            | Q(pk__in=audited)
        )
    return processes


def programme_coverage_for(user: Any, programme: AuditProgramme) -> Coverage:
    """The coverage matrix of the programme: its processes × years (see ``programme_processes``),
    then one row per supplier of its items and supplier audits, from the audits held or planned in
    those years and the programme items not yet turned into audits (with their clauses); clause
    coverage over the top-level clauses (4–10) of the programme's standards."""
    processes = [(p.pk, str(p)) for p in programme_processes(programme)]
    audits = list(
        programme_audits(user, programme).prefetch_related(
            Prefetch("criteria", queryset=StandardClause.objects.select_related("standard"))
        )
    )
    entries = [
        PlannedAudit(
            process_id=a.process_id if a.kind != AuditKind.SUPPLIER else None,
            year=a.planned_start.year,
            is_done=a.status in DONE_STATUSES,
            clause_keys=tuple(clause_key(c.standard.code, c.code) for c in a.criteria.all()),
            supplier_name=a.supplier_name if a.kind == AuditKind.SUPPLIER else "",
        )
        for a in audits
    ]
    items = programme.items.filter(audits__isnull=True).prefetch_related(
        Prefetch("criteria", queryset=StandardClause.objects.select_related("standard"))
    )
    for item in items:
        entries.append(
            PlannedAudit(
                process_id=item.process_id,
                year=item.planned_year,
                is_done=False,
                clause_keys=tuple(clause_key(c.standard.code, c.code) for c in item.criteria.all()),
                supplier_name=item.supplier_name if not item.process_id else "",
            )
        )
    suppliers: dict[str, str] = {}
    for entry in entries:
        if entry.process_id is None and entry.supplier_name.strip():
            suppliers.setdefault(supplier_key(entry.supplier_name), entry.supplier_name.strip())
    required = [
        clause_key(code, clause)
        for code, clause in StandardClause.objects.filter(
            standard__in=programme.standards.all(), parent__isnull=True
        ).values_list("standard__code", "code")
    ]
    return programme_coverage(
        processes, programme.years, entries, required, suppliers=sorted(suppliers.values(), key=str.casefold)
    )


def clause_coverage_rows(coverage: Coverage) -> list[tuple[str, str, str, tuple[int, ...]]]:
    """``(standard, clause, French title, years covering it)`` for each required clause, in order."""
    pairs = [(key.split("|", 1), years) for key, years in coverage.clause_years]
    titles = {
        (code, clause): title
        for code, clause, title in StandardClause.objects.filter(
            standard__code__in={standard for (standard, _c), _y in pairs}
        ).values_list("standard__code", "code", "title_fr")
    }
    return [(standard, code, titles.get((standard, code), ""), years) for (standard, code), years in pairs]


# --- Planning from risks and past results -----------------------------------------------------------


@dataclass(frozen=True)
class LastAudit:
    """The latest completed (reported or closed) audit of a process or supplier."""

    pk: int
    reference: str
    year: int
    result: str  # LastResult value


@dataclass(frozen=True)
class ItemPlan:
    """A programme item as the planning sees it."""

    item: ProgrammeItem
    last_result: str  # effective: from the last completed audit, else the manual value
    last_audit: LastAudit | None  # None: the manual value applies
    frequency_years: int  # computed from the risk level and the effective last result
    missing_years: tuple[int, ...]  # of the item's process/supplier: due years with nothing planned

    @property
    def last_result_label(self) -> str:
        return str(LastResult(self.last_result).label)

    @property
    def is_off_frequency(self) -> bool:
        return bool(self.missing_years)


def item_subject(process_id: int | None, supplier_name: str) -> int | str:
    return process_id if process_id else supplier_key(supplier_name)


def last_completed_audits(programme: AuditProgramme) -> dict[int | str, LastAudit]:
    """The latest completed audit of each process (or supplier) of the programme's site (every site
    for a programme without one), keyed by process id or normalised supplier name; its result comes
    from its findings (major NC → major, minor NC → minor, else good)."""
    audits = Audit.objects.filter(status__in=DONE_STATUSES)
    if programme.site_id:
        audits = audits.filter(site=programme.site_id)
    rows = list(
        audits.order_by("planned_start", "id").values(
            "pk", "reference", "planned_start", "process_id", "kind", "supplier_name"
        )
    )
    kinds: dict[int, list[str]] = defaultdict(list)
    for audit_id, kind in Finding.objects.filter(audit__in=audits).values_list("audit_id", "kind"):
        kinds[audit_id].append(kind)
    latest: dict[int | str, LastAudit] = {}
    for row in rows:
        subject = (
            supplier_key(row["supplier_name"]) if row["kind"] == AuditKind.SUPPLIER else row["process_id"]
        )
        if not subject:
            continue
        latest[subject] = LastAudit(
            pk=row["pk"],
            reference=row["reference"],
            year=row["planned_start"].year,
            result=last_result_from_findings(kinds[row["pk"]]),
        )
    return latest


def effective_last_result(
    item: ProgrammeItem, latest: dict[int | str, LastAudit]
) -> tuple[str, LastAudit | None]:
    last = latest.get(item_subject(item.process_id, item.supplier_name))
    return (last.result, last) if last is not None else (item.last_result, None)


def programme_plan(programme: AuditProgramme) -> list[ItemPlan]:
    """Every item of the programme with its last result (read from the latest completed audit of its
    process or supplier; the manual value only when there is none), the frequency computed from its
    risk level and that result, and the years its process or supplier falls due with nothing
    planned (the strictest frequency of the subject's items; audits held in the programme's years
    count as planned)."""
    latest = last_completed_audits(programme)
    items = list(programme_items(programme))
    audits = Audit.objects.filter(
        planned_start__year__gte=programme.start_year, planned_start__year__lte=programme.end_year
    )
    if programme.site_id:
        audits = audits.filter(site=programme.site_id)
    years: dict[int | str, set[int]] = defaultdict(set)
    for process_id, kind, supplier_name, start in audits.values_list(
        "process_id", "kind", "supplier_name", "planned_start"
    ):
        subject = supplier_key(supplier_name) if kind == AuditKind.SUPPLIER else process_id
        if subject:
            years[subject].add(start.year)
    results = {item.pk: effective_last_result(item, latest) for item in items}
    frequencies = {item.pk: audit_frequency(item.risk_level, results[item.pk][0]) for item in items}
    strictest: dict[int | str, int] = {}
    for item in items:
        subject = item_subject(item.process_id, item.supplier_name)
        years[subject].add(item.planned_year)
        strictest[subject] = min(strictest.get(subject, 99), frequencies[item.pk])
    missing = {
        subject: tuple(
            missing_audit_years(
                frequency,
                years[subject],
                programme.start_year,
                programme.end_year,
                latest[subject].year if subject in latest else None,
            )
        )
        for subject, frequency in strictest.items()
    }
    return [
        ItemPlan(
            item=item,
            last_result=results[item.pk][0],
            last_audit=results[item.pk][1],
            frequency_years=frequencies[item.pk],
            missing_years=missing[item_subject(item.process_id, item.supplier_name)],
        )
        for item in items
    ]


def audit_list(user: Any) -> QuerySet[Audit]:
    return scope_queryset(
        user, Audit.objects.select_related("site", "process", "lead_auditor", "standard")
    ).annotate(
        nc_count=Count("findings", filter=Q(findings__kind__in=NC_FINDING_KINDS), distinct=True),
    )


def audit_get(user: Any, pk: int) -> Audit:
    return scope_queryset(
        user,
        Audit.objects.select_related(
            "site", "process", "process__owner", "lead_auditor", "standard", "programme_item__programme"
        ).prefetch_related(
            "auditors",
            "auditees",
            Prefetch("criteria", queryset=StandardClause.objects.select_related("standard")),
        ),
    ).get(pk=pk)


def audit_questions(audit: Audit) -> QuerySet[ChecklistQuestion]:
    """The checklist, each question with ``has_finding`` (a finding already points to it)."""
    return audit.questions.select_related("clause").annotate(
        has_finding=Exists(Finding.objects.filter(question=OuterRef("pk")))
    )


def audit_findings(audit: Audit) -> QuerySet[Finding]:
    return audit.findings.select_related("clause", "nonconformity", "process")


def audit_meetings(audit: Audit) -> QuerySet[AuditMeeting]:
    return audit.meetings.prefetch_related("attendees")


def audit_finding_counts(audit: Audit) -> dict[str, int]:
    return finding_counts(audit.findings.values_list("kind", flat=True))


def upcoming_audits(user: Any, today: date, limit: int = 5) -> QuerySet[Audit]:
    return (
        audit_list(user)
        .filter(planned_start__gte=today, status__in=[AuditStatus.PLANNED, AuditStatus.PREPARED])
        .order_by("planned_start")[:limit]
    )


def auditor_list(user: Any) -> QuerySet[Auditor]:
    return scope_queryset(user, Auditor.objects.select_related("person")).prefetch_related(
        "qualified_standards"
    )


def auditor_get(user: Any, pk: int) -> Auditor:
    return auditor_list(user).get(pk=pk)


def template_list(user: Any) -> QuerySet[ChecklistTemplate]:
    return scope_queryset(user, ChecklistTemplate.objects.select_related("standard")).annotate(
        question_count=Count("questions")
    )


def template_get(user: Any, pk: int) -> ChecklistTemplate:
    return (
        scope_queryset(user, ChecklistTemplate.objects.select_related("standard"))
        .prefetch_related("questions__clause")
        .get(pk=pk)
    )


def standard_list(user: Any) -> QuerySet[Standard]:
    return scope_queryset(user, Standard.objects.all()).annotate(clause_count=Count("clauses"))


def audit_search(user: Any, query: str, limit: int) -> QuerySet[Audit]:
    return audit_list(user).filter(
        Q(reference__icontains=query) | Q(title__icontains=query) | Q(supplier_name__icontains=query)
    )[:limit]


def audit_results(user: Any, start: date, end: date, site_ids, process_id: int | None) -> dict[str, Any]:
    """Audits reported in [start, end), their findings by kind and the NCs they opened still open."""
    audits = audit_list(user).filter(reported_on__gte=start, reported_on__lt=end)
    if site_ids is not None:
        audits = audits.filter(site__in=site_ids)
    if process_id is not None:
        audits = audits.filter(process=process_id)
    findings = Finding.objects.filter(audit__in=audits.values("pk"))
    counts = finding_counts(findings.values_list("kind", flat=True))
    open_ncs = findings.filter(nonconformity__isnull=False).exclude(
        nonconformity__status__in=["closed", "cancelled"]
    )
    return {
        "audits": list(audits.order_by("reported_on")),
        "counts": counts,
        "open_nc": list(open_ncs.select_related("nonconformity", "audit")),
    }


# The kind of finding a checklist answer suggests.
ANSWER_FINDING_KIND = {
    "conform": "conformity",
    "minor": "minor_nc",
    "major": "major_nc",
    "observation": "observation",
    "ofi": "ofi",
}


def finding_proposal(question: ChecklistQuestion) -> dict[str, Any]:
    """The finding a checklist answer proposes: its kind (minor NC → minor NC finding...), the
    clause, the requirement (the clause and the question asked), the evidence and notes recorded."""
    clause = question.clause
    requirement = f"§{clause.code} {clause.title_fr} – {question.question}" if clause else question.question
    return {
        "question": question,
        "kind": ANSWER_FINDING_KIND.get(question.answer, "minor_nc"),
        "clause": clause,
        "requirement": requirement,
        "evidence": question.evidence,
        "description": question.notes,
    }

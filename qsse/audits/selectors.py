"""Reads of the audit module, restricted to what the user may see (site scope)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from qsse.core.permissions import scope_queryset
from qsse.processes.models import Process

from .calculations import Coverage, PlannedAudit, finding_counts, programme_coverage
from .choices import DONE_STATUSES, NC_FINDING_KINDS, AuditStatus
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


def programme_coverage_for(user: Any, programme: AuditProgramme) -> Coverage:
    """The coverage matrix of the programme: active processes × years, from the audits held or
    planned in those years and the programme items not yet turned into audits; clause coverage
    over the top-level clauses (4–10) of the programme's standards."""
    processes = [(p.pk, str(p)) for p in Process.objects.filter(is_active=True)]
    audits = list(
        programme_audits(user, programme).prefetch_related(
            Prefetch("criteria", queryset=StandardClause.objects.select_related("standard"))
        )
    )
    entries = [
        PlannedAudit(
            process_id=a.process_id,
            year=a.planned_start.year,
            is_done=a.status in DONE_STATUSES,
            clause_keys=tuple(clause_key(c.standard.code, c.code) for c in a.criteria.all()),
        )
        for a in audits
    ]
    for item in programme.items.filter(audits__isnull=True).select_related("standard"):
        entries.append(PlannedAudit(process_id=item.process_id, year=item.planned_year, is_done=False))
    required = [
        clause_key(code, clause)
        for code, clause in StandardClause.objects.filter(
            standard__in=programme.standards.all(), parent__isnull=True
        ).values_list("standard__code", "code")
    ]
    return programme_coverage(processes, programme.years, entries, required)


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
    return audit.questions.select_related("clause")


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

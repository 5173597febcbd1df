"""Data of the audit report PDF (Typst template ``reports/audit_report.typ``), in French or English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .calculations import maturity_score
from .choices import Answer, FindingKind, MeetingKind
from .models import Audit

TEMPLATE = Path(__file__).resolve().parent / "reports" / "audit_report.typ"

MATURITY_LABELS = {
    1: gettext_noop("Initial: practices informal, results not under control"),
    2: gettext_noop("Repeatable: practices exist but are not steadily applied"),
    3: gettext_noop("Defined: the process is defined, applied and mostly effective"),
    4: gettext_noop("Measured: the process is steered by indicators and effective"),
    5: gettext_noop("Optimised: effective process, improved continuously"),
}


def maturity_label(level: int | None) -> str:
    return _(MATURITY_LABELS[level]) if level in MATURITY_LABELS else "—"


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _datetime(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


def report_data(audit: Audit, language: str) -> dict[str, Any]:
    """Every value of the report, labels translated in ``language`` (fr or en)."""
    with translation.override(language):
        questions = list(audit.questions.select_related("clause"))
        findings = list(audit.findings.select_related("clause", "nonconformity"))
        meetings = list(audit.meetings.prefetch_related("attendees"))
        score = maturity_score(q.answer for q in questions)
        counts = {kind.value: 0 for kind in FindingKind}
        for finding in findings:
            counts[finding.kind] += 1
        answer_counts = {a.value: 0 for a in Answer}
        for question in questions:
            answer_counts[question.answer] += 1
        return {
            "lang": language,
            "reference": audit.reference,
            "title": audit.title,
            "kind": str(audit.get_kind_display()),
            "subject": audit.subject,
            "site": str(audit.site),
            "standard": audit.standard.code if audit.standard else "—",
            "dates": f"{_date(audit.planned_start)} – {_date(audit.planned_end)}",
            "lead_auditor": str(audit.lead_auditor or "—"),
            "auditors": ", ".join(str(p) for p in audit.auditors.all()) or "—",
            "auditees": ", ".join(str(p) for p in audit.auditees.all()) or "—",
            "criteria": [f"{c.standard.code} §{c.code} {c.title(language)}" for c in audit.criteria.all()],
            "scope": audit.scope or "—",
            "objectives": audit.objectives or "—",
            "status": str(audit.get_status_display()),
            "reported_on": _date(audit.reported_on),
            "printed_on": _date(timezone.localdate()),
            "maturity_rating": str(audit.maturity_rating or "—"),
            "maturity_label": maturity_label(audit.maturity_rating),
            "score": f"{score.score:.1f} %" if score.score is not None else "—",
            "score_level": str(score.level or "—"),
            "counts": [[str(FindingKind(kind).label), str(n)] for kind, n in counts.items()],
            "positive_points": audit.positive_points or "—",
            "findings": [
                {
                    "kind": str(f.get_kind_display()),
                    "clause": f"§{f.clause.code} {f.clause.title(language)}" if f.clause else "—",
                    "requirement": f.requirement or "—",
                    "evidence": f.evidence or "—",
                    "description": f.description,
                    "nc": f.nonconformity.reference if f.nonconformity_id else "—",
                }
                for f in findings
            ],
            "checklist": [[str(Answer(a).label), str(n)] for a, n in answer_counts.items() if n],
            "meetings": [
                {
                    "kind": str(MeetingKind(m.kind).label),
                    "held_at": _datetime(m.held_at),
                    "attendees": ", ".join(
                        [str(p) for p in m.attendees.all()]
                        + ([m.other_attendees] if m.other_attendees else [])
                    )
                    or "—",
                    "agenda": m.agenda or "—",
                }
                for m in meetings
            ],
            "conclusion": audit.conclusion or "—",
            "distribution": audit.distribution or "—",
            "labels": {
                "title": _("Audit report"),
                "kind": _("Kind"),
                "subject": _("Audited process / supplier"),
                "site": _("Site"),
                "standard": _("Standard"),
                "dates": _("Dates"),
                "lead_auditor": _("Lead auditor"),
                "auditors": _("Auditors"),
                "auditees": _("Auditees"),
                "criteria": _("Audit criteria"),
                "scope": _("Scope"),
                "objectives": _("Objectives"),
                "status": _("Status"),
                "reported_on": _("Report issued on"),
                "summary": _("Summary"),
                "finding_kind": _("Kind of finding"),
                "count": _("Number"),
                "maturity": _("Maturity rating (auditor, 1–5)"),
                "score": _("Efficacy score from the checklist"),
                "level": _("level"),
                "positive_points": _("Positive points"),
                "findings": _("Findings"),
                "clause": _("Clause"),
                "requirement": _("Requirement"),
                "evidence": _("Evidence"),
                "description": _("Finding"),
                "nc": _("NC record"),
                "none": _("No finding recorded."),
                "checklist": _("Checklist summary"),
                "answer": _("Answer"),
                "meetings": _("Opening and closing meetings"),
                "held_at": _("Held at"),
                "attendees": _("Attendees"),
                "agenda": _("Agenda"),
                "conclusion": _("Conclusion"),
                "distribution": _("Distribution"),
                "signatures": _("Signatures"),
                "sign_lead": _("Lead auditor"),
                "sign_auditee": _("Process owner / auditee"),
                "printed_on": _("printed on"),
                "page": _("page"),
            },
        }

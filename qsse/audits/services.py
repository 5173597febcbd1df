"""Every write of the audit module: standards and auditors, programme, audits (plan, team with the
independence check, checklist, findings, meetings, report workflow).

Workflow of an audit: planned → prepared (plan and checklist ready) → in_progress → reported
(report issued) → closed (follow-up done). A closed audit is read-only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require
from qsse.core.services import event_record
from qsse.nonconformities import services as nc_services
from qsse.nonconformities.choices import NonconformityKind, Origin, Severity

from .calculations import audit_frequency, maturity_score
from .choices import (
    NC_FINDING_KINDS,
    Answer,
    AuditKind,
    AuditStatus,
    FindingKind,
    TemplateTheme,
)
from .models import (
    Audit,
    AuditMeeting,
    Auditor,
    AuditPlanSlot,
    AuditProgramme,
    ChecklistQuestion,
    ChecklistTemplate,
    ChecklistTemplateQuestion,
    Finding,
    ProgrammeItem,
    Standard,
    StandardClause,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_PREFIX = "AUD"
STATUS_ORDER = [s.value for s in AuditStatus]


def _check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


# --- Standards (reference data) ----------------------------------------------------------------------


def _read_clause_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"code", "title_en", "title_fr", "parent"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))},
            code="columns",
        )
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


@transaction.atomic
def standard_import_csv(*, user: Any, code: str, title_en: str, title_fr: str, text: str) -> Standard:
    """Create (or update) a standard and its clauses from a CSV ``code,title_en,title_fr,parent``
    (parents listed before their children); returns the standard."""
    require(user, Operation.CREATE, Standard)
    rows = _read_clause_rows(text)
    standard, _created = Standard.objects.update_or_create(
        code=code.strip(), defaults={"title_en": title_en, "title_fr": title_fr}
    )
    standard.full_clean()
    by_code = {c.code: c for c in standard.clauses.all()}
    for position, row in enumerate(rows, start=1):
        if not row["code"] or not row["title_en"]:
            raise ValidationError(
                _("Line %(line)s: the clause and its English title are required.") % {"line": position + 1},
                code="row",
            )
        parent = None
        if row["parent"]:
            parent = by_code.get(row["parent"])
            if parent is None:
                raise ValidationError(
                    _("Line %(line)s: the parent clause %(parent)s is not listed before it.")
                    % {"line": position + 1, "parent": row["parent"]},
                    code="parent",
                )
        clause = by_code.get(row["code"]) or StandardClause(standard=standard, code=row["code"])
        clause.title_en = row["title_en"]
        clause.title_fr = row["title_fr"] or row["title_en"]
        clause.parent = parent
        clause.position = position
        clause.save()
        by_code[clause.code] = clause
    event_record(actor=user, target=standard, verb=gettext_noop("Clauses imported"), detail=str(len(rows)))
    return standard


def standards_load_defaults(*, user: Any) -> list[Standard]:
    """Load the clause lists shipped in ``qsse/audits/data`` (see its SOURCE.md)."""
    text = (DATA_DIR / "standards.csv").read_text(encoding="utf-8")
    loaded = []
    for row in csv.DictReader(io.StringIO(text)):
        clauses = (DATA_DIR / row["file"]).read_text(encoding="utf-8")
        loaded.append(
            standard_import_csv(
                user=user, code=row["code"], title_en=row["title_en"], title_fr=row["title_fr"], text=clauses
            )
        )
    return loaded


# --- Auditors (ISO 19011 cl. 7) -----------------------------------------------------------------------


@transaction.atomic
def auditor_save(
    *,
    user: Any,
    person: Any,
    standards: Sequence[Standard] = (),
    qualified_on: date | None = None,
    valid_until: date | None = None,
    trainings: str = "",
    scopes: str = "",
    is_lead_auditor: bool = False,
    is_external: bool = False,
    organisation: str = "",
    independence_notes: str = "",
    is_active: bool = True,
) -> Auditor:
    """Record (or update, every field replaced) a person's auditor qualification."""
    auditor = Auditor.objects.filter(person=person).first()
    require(user, Operation.EDIT if auditor else Operation.CREATE, auditor or Auditor)
    auditor = auditor or Auditor(person=person)
    auditor.qualified_on = qualified_on
    auditor.valid_until = valid_until
    auditor.trainings = trainings
    auditor.scopes = scopes
    auditor.is_lead_auditor = is_lead_auditor
    auditor.is_external = is_external
    auditor.organisation = organisation
    auditor.independence_notes = independence_notes
    auditor.is_active = is_active
    auditor.full_clean()
    auditor.save()
    auditor.qualified_standards.set(standards)
    event_record(actor=user, target=auditor, verb=gettext_noop("Auditor qualification recorded"))
    return auditor


# --- Programme (ISO 19011 cl. 5) ----------------------------------------------------------------------

PROGRAMME_FIELDS = ("objectives", "scope", "risks_opportunities", "status", "manager", "site", "title")


@transaction.atomic
def programme_create(
    *,
    user: Any,
    title: str,
    start_year: int,
    end_year: int,
    standards: Sequence[Standard] = (),
    **fields: Any,
) -> AuditProgramme:
    _check_fields(fields, PROGRAMME_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, AuditProgramme, site_id=site.pk if site else None)
    programme = AuditProgramme(title=title, start_year=start_year, end_year=end_year, **fields)
    programme.full_clean()
    programme.save()
    programme.standards.set(standards)
    event_record(actor=user, target=programme, verb=gettext_noop("Audit programme created"), detail=title)
    return programme


@transaction.atomic
def programme_update(
    *, user: Any, programme: AuditProgramme, standards: Sequence[Standard] | None = None, **fields: Any
) -> AuditProgramme:
    _check_fields(fields, (*PROGRAMME_FIELDS, "start_year", "end_year"))
    require(user, Operation.EDIT, programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    if standards is not None:
        programme.standards.set(standards)
    return programme


@transaction.atomic
def programme_item_create(
    *,
    user: Any,
    programme: AuditProgramme,
    planned_year: int,
    process: Any = None,
    supplier_name: str = "",
    standard: Standard | None = None,
    planned_month: int | None = None,
    risk_level: str = "medium",
    last_result: str = "none",
    rationale: str = "",
    criteria: Sequence[StandardClause] = (),
) -> ProgrammeItem:
    """Plan an audit in the programme; the frequency follows ``audit_frequency(risk, last result)``,
    the last result being read from the latest completed audit of the process or supplier
    (``last_result``, typed by hand, applies only when there is none)."""
    from . import selectors

    require(user, Operation.EDIT, programme)
    item = ProgrammeItem(
        programme=programme,
        process=process,
        supplier_name=supplier_name,
        standard=standard,
        planned_year=planned_year,
        planned_month=planned_month,
        risk_level=risk_level,
        last_result=last_result,
        rationale=rationale,
    )
    effective, _last = selectors.effective_last_result(item, selectors.last_completed_audits(programme))
    item.frequency_years = audit_frequency(risk_level, effective)
    item.full_clean()
    item.save()
    item.criteria.set(criteria)
    return item


@transaction.atomic
def programme_propose_years(*, user: Any, programme: AuditProgramme) -> list[ProgrammeItem]:
    """Fill the years where a process or supplier of the programme falls due by its frequency with
    nothing planned (``selectors.programme_plan``): one item per missing year, copied from the
    subject's latest item (standard, month, risk level, clauses). The stored frequency of every item
    is brought up to date. Returns the items created."""
    from . import selectors

    require(user, Operation.EDIT, programme)
    plans = selectors.programme_plan(programme)
    for plan in plans:
        if plan.item.frequency_years != plan.frequency_years:
            plan.item.frequency_years = plan.frequency_years
            plan.item.save(update_fields=["frequency_years", "updated_at"])
    latest_item: dict[Any, Any] = {}
    for plan in plans:
        subject = selectors.item_subject(plan.item.process_id, plan.item.supplier_name)
        current = latest_item.get(subject)
        if current is None or plan.item.planned_year >= current.item.planned_year:
            latest_item[subject] = plan
    created = []
    for plan in latest_item.values():
        base = plan.item
        for year in plan.missing_years:
            item = ProgrammeItem(
                programme=programme,
                process=base.process,
                supplier_name=base.supplier_name,
                standard=base.standard,
                planned_year=year,
                planned_month=base.planned_month,
                risk_level=base.risk_level,
                last_result=base.last_result,
                frequency_years=plan.frequency_years,
                rationale=_("Proposed from the frequency (interval: %(years)s year(s)).")
                % {"years": plan.frequency_years},
            )
            item.full_clean()
            item.save()
            item.criteria.set(base.criteria.all())
            created.append(item)
    if created:
        event_record(
            actor=user,
            target=programme,
            verb=gettext_noop("Years proposed from the frequency"),
            detail=", ".join(f"{item.subject} {item.planned_year}" for item in created),
        )
    return created


@transaction.atomic
def programme_item_delete(*, user: Any, item: ProgrammeItem) -> None:
    require(user, Operation.EDIT, item.programme)
    if item.audits.exists():
        raise ValidationError(_("An audit was already planned from this item: it cannot be removed."))
    item.delete()


# --- Audit team: qualification and independence --------------------------------------------------------


@dataclass(frozen=True)
class TeamIssue:
    person_id: int
    message: str
    is_blocking: bool


def _process_department_ids(process: Any) -> set[int]:
    owner = getattr(process, "owner", None)
    return {owner.department_id} if owner is not None and owner.department_id else set()


# An NC of the audited process that the auditor is responsible for makes them not independent
# when it is still open, or was detected within this many days before the audit (the audited period).
RESPONSIBILITY_LOOKBACK_DAYS = 365


def _process_responsibilities(process: Any, person_ids: Iterable[int], on: date | None) -> dict[int, str]:
    """For each person, one record of the audited process they are responsible for: an NC they own
    (open, or detected in the audited period), or an open action they own raised from an NC of the
    process. Returns ``{person id: reference}``."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from qsse.actions.choices import OPEN_STATUSES as ACTION_OPEN_STATUSES
    from qsse.actions.models import Action
    from qsse.nonconformities.models import Nonconformity
    from qsse.nonconformities.selectors import OPEN_STATUSES as NC_OPEN_STATUSES

    person_ids = list(person_ids)
    if process is None or not person_ids:
        return {}
    ncs = Nonconformity.objects.filter(process=process)
    period = Q(status__in=NC_OPEN_STATUSES)
    if on is not None:
        period |= Q(detected_on__gte=on - timedelta(days=RESPONSIBILITY_LOOKBACK_DAYS), detected_on__lte=on)
    found: dict[int, str] = {}
    for owner_id, reference in (
        ncs.filter(period, owner__in=person_ids).order_by("detected_on").values_list("owner_id", "reference")
    ):
        found.setdefault(owner_id, reference)
    actions = Action.objects.filter(
        origin_content_type=ContentType.objects.get_for_model(Nonconformity),
        origin_object_id__in=ncs.values("pk"),
        owner__in=person_ids,
        status__in=ACTION_OPEN_STATUSES,
    ).order_by("pk")
    for owner_id, reference in actions.values_list("owner_id", "reference"):
        found.setdefault(owner_id, reference)
    return found


def team_issues(
    *,
    process: Any,
    standard: Standard | None,
    lead_auditor: Any,
    auditors: Iterable[Any],
    on: date | None = None,
) -> list[TeamIssue]:
    """What the ISO 19011 principles (independence §4 e, competence cl. 7) say about this team.

    Blocking: an auditor who owns the audited process or belongs to the department of its owner, or
    who is responsible for an NC of the process (open, or detected in the year before ``on``) or for
    an open action raised from one;
    a lead auditor without an active qualification for the standard (or not a lead auditor); a
    qualification counts when ``on`` (the audit's start) falls within its dates.
    Warning only: a team auditor without the qualification (may audit under the lead's supervision).
    """
    issues: list[TeamIssue] = []
    members = [(lead_auditor, True)] if lead_auditor is not None else []
    members += [
        (person, False) for person in auditors if lead_auditor is None or person.pk != lead_auditor.pk
    ]
    departments = _process_department_ids(process) if process is not None else set()
    responsibilities = _process_responsibilities(process, [p.pk for p, _lead in members], on)
    qualifications = {
        a.person_id: a
        for a in Auditor.objects.filter(person__in=[p for p, _lead in members]).prefetch_related(
            "qualified_standards"
        )
    }
    for person, is_lead in members:
        if process is not None and process.owner_id == person.pk:
            issues.append(
                TeamIssue(
                    person.pk,
                    _("%(person)s owns the process %(process)s: an auditor does not audit their own work.")
                    % {"person": person, "process": process.code},
                    True,
                )
            )
        elif person.department_id and person.department_id in departments:
            issues.append(
                TeamIssue(
                    person.pk,
                    _("%(person)s works in the department of the process %(process)s: not independent.")
                    % {"person": person, "process": process.code},
                    True,
                )
            )
        elif person.pk in responsibilities:
            issues.append(
                TeamIssue(
                    person.pk,
                    _(
                        "%(person)s is responsible for %(reference)s of the process %(process)s in the "
                        "audited period: not independent."
                    )
                    % {"person": person, "reference": responsibilities[person.pk], "process": process.code},
                    True,
                )
            )
        qualification = qualifications.get(person.pk)
        qualified = (
            qualification is not None
            and qualification.is_valid_on(on)
            and (standard is None or standard in qualification.qualified_standards.all())
        )
        if not qualified:
            message = _("%(person)s is not a qualified auditor for %(standard)s.") % {
                "person": person,
                "standard": standard or _("this audit"),
            }
            issues.append(TeamIssue(person.pk, message, is_lead))
        elif is_lead and not qualification.is_lead_auditor:
            issues.append(
                TeamIssue(
                    person.pk, _("%(person)s is not qualified as lead auditor.") % {"person": person}, True
                )
            )
    return issues


@transaction.atomic
def audit_assign_auditors(
    *, user: Any, audit: Audit, lead_auditor: Any, auditors: Sequence[Any] = ()
) -> list[TeamIssue]:
    """Set the audit team; refused (ValidationError, nothing changed) on a blocking issue.
    Returns the warnings that remain (unqualified team auditors)."""
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    issues = team_issues(
        process=audit.process if audit.kind != AuditKind.SUPPLIER else None,
        standard=audit.standard,
        lead_auditor=lead_auditor,
        auditors=auditors,
        on=audit.planned_start,
    )
    blocking = [issue.message for issue in issues if issue.is_blocking]
    if blocking:
        raise ValidationError({"lead_auditor": blocking}, code="independence")
    audit.lead_auditor = lead_auditor
    audit.save(update_fields=["lead_auditor", "updated_at"])
    audit.auditors.set(auditors)
    event_record(
        actor=user,
        target=audit,
        verb=gettext_noop("Audit team set"),
        detail=", ".join(str(p) for p in [lead_auditor, *auditors] if p is not None),
    )
    return [issue for issue in issues if not issue.is_blocking]


# --- Audits -----------------------------------------------------------------------------------------------

AUDIT_FIELDS = (
    "kind",
    "title",
    "programme_item",
    "process",
    "supplier_name",
    "supplier_site",
    "site",
    "standard",
    "scope",
    "objectives",
    "planned_start",
    "planned_end",
    "report_language",
    "maturity_rating",
    "positive_points",
    "conclusion",
    "distribution",
)


def _ensure_not_closed(audit: Audit) -> None:
    if audit.status == AuditStatus.CLOSED:
        raise ValidationError(_("This audit is closed: it can no longer change."), code="closed")


@transaction.atomic
def audit_create(
    *,
    user: Any,
    title: str,
    site: Any,
    planned_start: date,
    planned_end: date | None = None,
    kind: str = AuditKind.INTERNAL,
    criteria: Sequence[StandardClause] = (),
    lead_auditor: Any = None,
    auditors: Sequence[Any] = (),
    auditees: Sequence[Any] = (),
    **fields: Any,
) -> Audit:
    """Plan an audit, numbered ``AUD-<year>-<nnnn>`` (year of its start), with its team checked."""
    _check_fields(fields, AUDIT_FIELDS)
    require(user, Operation.CREATE, Audit, site_id=getattr(site, "pk", None))
    audit = Audit(
        title=title,
        site=site,
        kind=kind,
        planned_start=planned_start,
        planned_end=planned_end or planned_start,
        created_by=user,
        **fields,
    )
    if audit.programme_item_id and not audit.process_id and not audit.supplier_name:
        audit.process = audit.programme_item.process
        audit.supplier_name = audit.programme_item.supplier_name
    if audit.programme_item_id and not audit.standard_id:
        audit.standard = audit.programme_item.standard
    audit.full_clean(exclude={"reference"})
    audit.reference = next_reference(REFERENCE_PREFIX, planned_start.year)
    audit.save()
    if not criteria and audit.programme_item_id:
        criteria = list(audit.programme_item.criteria.all())
    audit.criteria.set(criteria)
    audit.auditees.set(auditees)
    event_record(actor=user, target=audit, verb=gettext_noop("Audit planned"), detail=title)
    if lead_auditor is not None or auditors:
        # The creator is allowed to staff the audit they just planned.
        audit_assign_auditors(user=user, audit=audit, lead_auditor=lead_auditor, auditors=auditors)
    return audit


@transaction.atomic
def audit_update(
    *,
    user: Any,
    audit: Audit,
    criteria: Sequence[StandardClause] | None = None,
    auditees: Sequence[Any] | None = None,
    **fields: Any,
) -> Audit:
    _check_fields(fields, AUDIT_FIELDS)
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != audit.site_id:
        require(user, Operation.CREATE, Audit, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(audit, name, value)
    audit.full_clean()
    audit.save()
    if criteria is not None:
        audit.criteria.set(criteria)
    if auditees is not None:
        audit.auditees.set(auditees)
    return audit


@transaction.atomic
def audit_set_status(*, user: Any, audit: Audit, status: str, today: date | None = None) -> Audit:
    """Move the audit along its workflow (one step forward, or back one step before closing).

    Reporting needs every checklist question assessed or marked not applicable, and a conclusion;
    closing needs the audit reported. Closing is a CLOSE operation (QSSE manager)."""
    if status not in STATUS_ORDER:
        raise ValidationError(_("Unknown status."))
    require(user, Operation.CLOSE if status == AuditStatus.CLOSED else Operation.EDIT, audit)
    _ensure_not_closed(audit)
    current, target = STATUS_ORDER.index(audit.status), STATUS_ORDER.index(status)
    if abs(target - current) != 1:
        raise ValidationError(
            _("An audit moves one step at a time (now: %(status)s).") % {"status": audit.get_status_display()}
        )
    if status == AuditStatus.REPORTED:
        left = audit.questions.filter(answer=Answer.NOT_ASSESSED).count()
        if left:
            raise ValidationError(
                _("%(count)s checklist questions are not assessed yet.") % {"count": left}, code="checklist"
            )
        if not audit.conclusion.strip():
            raise ValidationError({"conclusion": _("Write the conclusion before issuing the report.")})
        audit.reported_on = today or timezone.localdate()
    old = audit.get_status_display()
    audit.status = status
    audit.save(update_fields=["status", "reported_on", "updated_at"])
    event_record(
        actor=user,
        target=audit,
        verb=gettext_noop("Status changed"),
        detail=f"{old} → {audit.get_status_display()}",
    )
    return audit


@transaction.atomic
def plan_slot_add(
    *,
    user: Any,
    audit: Audit,
    starts_at: datetime,
    activity: str,
    ends_at: datetime | None = None,
    auditee: str = "",
) -> AuditPlanSlot:
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    slot = AuditPlanSlot(
        audit=audit, starts_at=starts_at, ends_at=ends_at, activity=activity, auditee=auditee
    )
    slot.full_clean()
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("The end cannot come before the start.")})
    slot.save()
    return slot


@transaction.atomic
def plan_slot_delete(*, user: Any, slot: AuditPlanSlot) -> None:
    require(user, Operation.EDIT, slot.audit)
    _ensure_not_closed(slot.audit)
    slot.delete()


# --- Checklist --------------------------------------------------------------------------------------------


def _next_position(audit: Audit) -> int:
    last = audit.questions.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def checklist_template_create(
    *,
    user: Any,
    name: str,
    theme: str,
    questions: Sequence[tuple[str, StandardClause | None]],
    standard=None,
    is_active: bool = True,
) -> ChecklistTemplate:
    """A checklist template with its questions (text and optional clause), in the order given."""
    require(user, Operation.CREATE, ChecklistTemplate)
    template = ChecklistTemplate(name=name, theme=theme, standard=standard, is_active=is_active)
    template.full_clean()
    template.save()
    _template_set_questions(template, questions)
    event_record(actor=user, target=template, verb=gettext_noop("Checklist template created"), detail=name)
    return template


def _template_set_questions(
    template: ChecklistTemplate, questions: Sequence[tuple[str, StandardClause | None]]
) -> None:
    for _text, clause in questions:
        if clause is not None and template.standard_id and clause.standard_id != template.standard_id:
            raise ValidationError(
                {
                    "questions": _("The clause %(clause)s is not a clause of the template's standard.")
                    % {"clause": clause}
                }
            )
    template.questions.all().delete()
    ChecklistTemplateQuestion.objects.bulk_create(
        ChecklistTemplateQuestion(template=template, position=i, question=text, clause=clause)
        for i, (text, clause) in enumerate(questions, start=1)
    )


@transaction.atomic
def checklist_template_update(
    *,
    user: Any,
    template: ChecklistTemplate,
    name: str,
    theme: str,
    standard=None,
    is_active: bool = True,
    questions: Sequence[tuple[str, StandardClause | None]] | None = None,
) -> ChecklistTemplate:
    """Change a template; ``questions`` (when given) replace its questions. The audits' checklists
    already built from it keep their copy."""
    require(user, Operation.EDIT, template)
    template.name = name
    template.theme = theme
    template.standard = standard
    template.is_active = is_active
    template.full_clean()
    template.save()
    if questions is not None:
        before = [(q.question, q.clause_id) for q in template.questions.all()]
        _template_set_questions(template, questions)
        after = [(text, clause.pk if clause else None) for text, clause in questions]
        if before != after:
            event_record(
                actor=user,
                target=template,
                verb=gettext_noop("Template questions changed"),
                detail=f"{len(before)} → {len(after)}",
            )
    return template


@transaction.atomic
def checklist_add_from_template(
    *, user: Any, audit: Audit, template: ChecklistTemplate
) -> list[ChecklistQuestion]:
    """Copy the template's questions at the end of the audit's checklist."""
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    start = _next_position(audit)
    created = ChecklistQuestion.objects.bulk_create(
        ChecklistQuestion(
            audit=audit, position=start + i, theme=template.theme, question=q.question, clause_id=q.clause_id
        )
        for i, q in enumerate(template.questions.all())
    )
    event_record(
        actor=user, target=audit, verb=gettext_noop("Checklist built from a template"), detail=template.name
    )
    return created


@transaction.atomic
def checklist_add_from_clauses(
    *, user: Any, audit: Audit, clauses: Sequence[StandardClause]
) -> list[ChecklistQuestion]:
    """One question per clause ("How does the process meet §x?"), in the clauses' order."""
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    start = _next_position(audit)
    created = ChecklistQuestion.objects.bulk_create(
        ChecklistQuestion(
            audit=audit,
            position=start + i,
            theme=TemplateTheme.CLAUSE,
            question=_("How is the requirement §%(code)s “%(title)s” met?")
            % {"code": clause.code, "title": clause.title_fr},
            clause=clause,
        )
        for i, clause in enumerate(clauses)
    )
    return created


@transaction.atomic
def checklist_question_add(
    *, user: Any, audit: Audit, question: str, clause: StandardClause | None = None
) -> ChecklistQuestion:
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    item = ChecklistQuestion(audit=audit, position=_next_position(audit), question=question, clause=clause)
    item.full_clean()
    item.save()
    return item


def _answer(question: ChecklistQuestion, answer: str | None, evidence: str | None, notes: str | None) -> None:
    if answer is not None:
        if answer not in Answer.values:
            raise ValidationError({"answer": _("Unknown answer.")})
        question.answer = answer
    if evidence is not None:
        question.evidence = evidence
    if notes is not None:
        question.notes = notes
    question.answered_at = timezone.now()
    question.save()


@transaction.atomic
def checklist_answer(
    *,
    user: Any,
    question: ChecklistQuestion,
    answer: str | None = None,
    evidence: str | None = None,
    notes: str | None = None,
) -> ChecklistQuestion:
    """Record the answer and evidence of one question (the audit moves to "in progress")."""
    audit = question.audit
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    _answer(question, answer, evidence, notes)
    _mark_in_progress(audit)
    return question


def _mark_in_progress(audit: Audit) -> None:
    if audit.status in (AuditStatus.PLANNED, AuditStatus.PREPARED):
        audit.status = AuditStatus.IN_PROGRESS
        audit.save(update_fields=["status", "updated_at"])


@transaction.atomic
def checklist_answers_bulk(*, user: Any, audit: Audit, answers: Sequence[dict[str, Any]]) -> int:
    """Apply several answers at once (the offline queue replays them); all or nothing.

    Each item: ``{"question": id, "answer": ..., "evidence": ..., "notes": ...}`` (missing keys keep
    their value). Returns the number of questions updated."""
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    questions = {q.pk: q for q in audit.questions.all()}
    for item in answers:
        question = questions.get(item.get("question"))
        if question is None:
            raise ValidationError(
                _("Question %(id)s does not belong to this audit.") % {"id": item.get("question")},
                code="question",
            )
        _answer(question, item.get("answer"), item.get("evidence"), item.get("notes"))
    if answers:
        _mark_in_progress(audit)
    return len(answers)


def audit_efficacy(audit: Audit):
    """The maturity score computed from the checklist answers (see calculations.maturity_score)."""
    return maturity_score(audit.questions.values_list("answer", flat=True))


# --- Findings ---------------------------------------------------------------------------------------------


@transaction.atomic
def finding_create(
    *,
    user: Any,
    audit: Audit,
    kind: str,
    description: str,
    clause: StandardClause | None = None,
    requirement: str = "",
    evidence: str = "",
    process: Any = None,
    question: ChecklistQuestion | None = None,
    action_owner: Any = None,
    action_due_on: date | None = None,
    today: date | None = None,
) -> Finding:
    """Record a finding. A major or minor NC finding opens a non-conformity record (origin "audit",
    severity major/minor) linked back to it; with ``action_owner`` and ``action_due_on`` a corrective
    action is also raised from the finding."""
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    if kind not in FindingKind.values:
        raise ValidationError({"kind": _("Unknown kind of finding.")})
    finding = Finding(
        audit=audit,
        kind=kind,
        description=description,
        clause=clause,
        requirement=requirement,
        evidence=evidence,
        process=process or audit.process,
        question=question,
    )
    finding.full_clean()
    finding.save()
    today = today or timezone.localdate()
    if kind in NC_FINDING_KINDS:
        clause_text = f"§{clause.code} " if clause else ""
        nonconformity = nc_services.nonconformity_create(
            user=user,
            kind=NonconformityKind.NONCONFORMITY,
            title=(_("Audit %(reference)s: %(text)s") % {"reference": audit.reference, "text": description})[
                :255
            ],
            site=audit.site,
            detected_on=min(today, timezone.localdate()),
            origin=Origin.SUPPLIER if audit.kind == AuditKind.SUPPLIER else Origin.AUDIT,
            severity=Severity.MAJOR if kind == FindingKind.MAJOR_NC else Severity.MINOR,
            process=finding.process,
            detected_by=audit.lead_auditor,
            owner=finding.process.owner if finding.process is not None else None,
            supplier_name=audit.supplier_name,
            description_what=description,
            description_how=_(
                "Audit %(reference)s, requirement %(clause)s%(requirement)s. Evidence: %(evidence)s"
            )
            % {
                "reference": audit.reference,
                "clause": clause_text,
                "requirement": requirement,
                "evidence": evidence,
            },
        )
        finding.nonconformity = nonconformity
        finding.save(update_fields=["nonconformity", "updated_at"])
    if action_owner is not None and action_due_on is not None:
        action_services.action_create(
            user=user,
            title=(_("Treat finding %(reference)s") % {"reference": finding.reference})[:255],
            owner=action_owner,
            due_on=action_due_on,
            origin=finding,
            description=description,
        )
    event_record(
        actor=user, target=audit, verb=gettext_noop("Finding recorded"), detail=finding.get_kind_display()
    )
    return finding


@transaction.atomic
def finding_delete(*, user: Any, finding: Finding) -> None:
    require(user, Operation.EDIT, finding.audit)
    _ensure_not_closed(finding.audit)
    if finding.nonconformity_id:
        raise ValidationError(_("This finding opened a non-conformity record: cancel that record instead."))
    finding.delete()


# --- Meetings ---------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    user: Any,
    audit: Audit,
    kind: str,
    held_at: datetime,
    attendees: Sequence[Any] = (),
    other_attendees: str = "",
    agenda: str = "",
    minutes: str = "",
) -> AuditMeeting:
    """Record the opening or closing meeting (one of each per audit: saving again replaces it)."""
    require(user, Operation.EDIT, audit)
    _ensure_not_closed(audit)
    meeting = AuditMeeting.objects.filter(audit=audit, kind=kind).first() or AuditMeeting(
        audit=audit, kind=kind
    )
    meeting.held_at = held_at
    meeting.other_attendees = other_attendees
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    event_record(
        actor=user, target=audit, verb=gettext_noop("Meeting recorded"), detail=meeting.get_kind_display()
    )
    return meeting

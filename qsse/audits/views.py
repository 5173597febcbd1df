"""Pages of the audit module. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_person
from qsse.core.services import attachment_add

from . import report, selectors, services
from .choices import Answer, AuditStatus, FindingKind, MeetingKind
from .filters import AuditFilter
from .forms import (
    AnswerForm,
    AuditConclusionForm,
    AuditForm,
    AuditorForm,
    ChecklistTemplateChoiceForm,
    ChecklistTemplateForm,
    FindingForm,
    MeetingForm,
    PlanSlotForm,
    ProgrammeForm,
    ProgrammeItemForm,
    QuestionForm,
    TeamForm,
)
from .models import (
    Audit,
    AuditMeeting,
    Auditor,
    AuditPlanSlot,
    AuditProgramme,
    ChecklistQuestion,
    ChecklistTemplate,
    ProgrammeItem,
)

TABS = (
    ("plan", gettext_lazy("Plan")),
    ("checklist", gettext_lazy("Checklist")),
    ("findings", gettext_lazy("Findings")),
    ("meetings", gettext_lazy("Meetings")),
    ("report", gettext_lazy("Report")),
)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Programmes -------------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audits/programme_list.html",
        {
            "programmes": selectors.programme_list(request.user),
            "can_create": can(request.user, Operation.CREATE, AuditProgramme),
        },
    )


def _programme(request: HttpRequest, pk: int) -> AuditProgramme:
    try:
        return selectors.programme_get(request.user, pk)
    except AuditProgramme.DoesNotExist as error:
        raise Http404 from error


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    coverage = selectors.programme_coverage_for(request.user, programme)
    can_edit = can(request.user, Operation.EDIT, programme)
    return render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "coverage": coverage,
            "plans": selectors.programme_plan(programme),
            "clause_rows": selectors.clause_coverage_rows(coverage),
            "can_edit": can_edit,
            "item_form": ProgrammeItemForm(user=request.user, programme=programme) if can_edit else None,
            "standards": programme.standards.all(),
        },
    )


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, AuditProgramme):
        raise PermissionDenied
    year = timezone.localdate().year
    form = ProgrammeForm(
        request.POST or None,
        user=request.user,
        initial={"start_year": year, "end_year": year + 2, "manager": user_person(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            programme = services.programme_create(
                user=request.user,
                title=data.pop("title"),
                start_year=data.pop("start_year"),
                end_year=data.pop("end_year"),
                standards=data.pop("standards"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The audit programme is created."))
            return redirect(programme)
    return render(request, "audits/form.html", {"form": form, "title": _("New audit programme")})


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    if not can(request.user, Operation.EDIT, programme):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.programme_update(
                user=request.user, programme=programme, standards=data.pop("standards"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(programme)
    return render(
        request, "audits/form.html", {"form": form, "title": _("Edit the audit programme"), "back": programme}
    )


@login_required
@require_POST
def programme_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    if not can(request.user, Operation.EDIT, programme):
        raise PermissionDenied
    form = ProgrammeItemForm(request.POST, user=request.user, programme=programme)
    if form.is_valid():
        try:
            services.programme_item_create(user=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The audit is added to the programme."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {error}")
    return redirect(f"{programme.get_absolute_url()}#items")


@login_required
@require_POST
def programme_propose(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    if not can(request.user, Operation.EDIT, programme):
        raise PermissionDenied
    try:
        created = services.programme_propose_years(user=request.user, programme=programme)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        if created:
            messages.success(
                request,
                _("%(count)s audits added to follow the frequencies: %(list)s.")
                % {
                    "count": len(created),
                    "list": ", ".join(f"{i.subject} {i.planned_year}" for i in created),
                },
            )
        else:
            messages.info(request, _("The planned years already follow the frequencies."))
    return redirect(f"{programme.get_absolute_url()}#items")


@login_required
@require_POST
def programme_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ProgrammeItem, pk=pk)
    programme = _programme(request, item.programme_id)
    try:
        services.programme_item_delete(user=request.user, item=item)
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect(f"{programme.get_absolute_url()}#items")


# --- Auditors and checklist templates (reference data) ----------------------------------------------


@login_required
def auditor_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audits/auditor_list.html",
        {
            "auditors": selectors.auditor_list(request.user),
            "today": timezone.localdate(),
            "can_create": can(request.user, Operation.CREATE, Auditor),
        },
    )


def _auditor(request: HttpRequest, pk: int) -> Auditor:
    try:
        return selectors.auditor_get(request.user, pk)
    except Auditor.DoesNotExist as error:
        raise Http404 from error


@login_required
def auditor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    auditor = _auditor(request, pk)
    return render(
        request,
        "audits/auditor_detail.html",
        {
            "auditor": auditor,
            "is_valid": auditor.is_valid_on(timezone.localdate()),
            "can_edit": can(request.user, Operation.EDIT, auditor),
        },
    )


def _auditor_form_page(request: HttpRequest, auditor: Auditor | None) -> HttpResponse:
    form = AuditorForm(request.POST or None, instance=auditor, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.auditor_save(user=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The auditor's qualification is saved."))
            return redirect(saved)
    title = _("Edit the qualification of %(person)s") % {"person": auditor} if auditor else _("New auditor")
    return render(
        request,
        "audits/form.html",
        {"form": form, "title": title, "back": auditor, "section": "auditors"},
    )


@login_required
def auditor_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Auditor):
        raise PermissionDenied
    return _auditor_form_page(request, None)


@login_required
def auditor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    auditor = _auditor(request, pk)
    if not can(request.user, Operation.EDIT, auditor):
        raise PermissionDenied
    return _auditor_form_page(request, auditor)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audits/template_list.html",
        {
            "templates": selectors.template_list(request.user),
            "can_create": can(request.user, Operation.CREATE, ChecklistTemplate),
        },
    )


def _template(request: HttpRequest, pk: int) -> ChecklistTemplate:
    try:
        return selectors.template_get(request.user, pk)
    except ChecklistTemplate.DoesNotExist as error:
        raise Http404 from error


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    return render(
        request,
        "audits/template_detail.html",
        {"template": template, "can_edit": can(request.user, Operation.EDIT, template)},
    )


def _template_form_page(request: HttpRequest, template: ChecklistTemplate | None) -> HttpResponse:
    form = ChecklistTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "theme": data["theme"],
            "standard": data["standard"],
            "is_active": data["is_active"],
            "questions": data["parsed_questions"],
        }
        try:
            if template is None:
                saved = services.checklist_template_create(user=request.user, **fields)
            else:
                saved = services.checklist_template_update(user=request.user, template=template, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The checklist template is saved."))
            return redirect(saved)
    title = (
        _("Edit the template %(name)s") % {"name": template.name} if template else _("New checklist template")
    )
    return render(
        request, "audits/form.html", {"form": form, "title": title, "back": template, "section": "templates"}
    )


@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, ChecklistTemplate):
        raise PermissionDenied
    return _template_form_page(request, None)


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    if not can(request.user, Operation.EDIT, template):
        raise PermissionDenied
    return _template_form_page(request, template)


# --- Audit list -------------------------------------------------------------------------------------------


class AuditListView(LoginRequiredMixin, FilteredListView):
    template_name = "audits/audit_list.html"
    title = gettext_lazy("Audits")
    export_name = gettext_lazy("audits")
    filterset_class = AuditFilter
    default_sort = "-planned_start"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("subject", gettext_lazy("Process / supplier"), value=lambda a: a.subject),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("standard", gettext_lazy("Standard"), sort="standard__code"),
        Column("planned_start", gettext_lazy("Start"), sort="planned_start"),
        Column("lead_auditor", gettext_lazy("Lead auditor"), sort="lead_auditor__last_name"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("nc_count", gettext_lazy("NC findings"), sort="nc_count"),
    )

    def get_base_queryset(self):
        return selectors.audit_list(self.request.user)

    create_model = Audit


# --- Audit record -----------------------------------------------------------------------------------------


def _audit(request: HttpRequest, pk: int) -> Audit:
    try:
        return selectors.audit_get(request.user, pk)
    except Audit.DoesNotExist as error:
        raise Http404 from error


def _require_edit(request: HttpRequest, audit: Audit) -> None:
    if not can(request.user, Operation.EDIT, audit):
        raise PermissionDenied


def _context(request: HttpRequest, audit: Audit, tab: str, **extra: Any) -> dict[str, Any]:
    is_closed = audit.status == AuditStatus.CLOSED
    statuses = list(AuditStatus)
    index = [s.value for s in statuses].index(audit.status)
    context = {
        "audit": audit,
        "tab": tab,
        "tabs": TABS,
        "can_edit": not is_closed and can(request.user, Operation.EDIT, audit),
        "can_close": can(request.user, Operation.CLOSE, audit),
        "pipeline": [
            (s.value, s.label, "done" if i < index else "current" if i == index else "todo")
            for i, s in enumerate(statuses)
        ],
        "next_status": statuses[index + 1] if index + 1 < len(statuses) else None,
        "previous_status": statuses[index - 1] if 0 < index < len(statuses) - 1 else None,
        "efficacy": services.audit_efficacy(audit),
        "counts": selectors.audit_finding_counts(audit),
    }
    context.update(extra)
    return context


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    issues = services.team_issues(
        process=audit.process if audit.kind != "supplier" else None,
        standard=audit.standard,
        lead_auditor=audit.lead_auditor,
        auditors=list(audit.auditors.all()),
        on=audit.planned_start,
    )
    team_form = TeamForm(
        user=request.user,
        initial={"lead_auditor": audit.lead_auditor, "auditors": list(audit.auditors.all())},
    )
    return render(
        request,
        "audits/audit_plan.html",
        _context(
            request,
            audit,
            "plan",
            issues=issues,
            team_form=team_form,
            slot_form=PlanSlotForm(),
            slots=audit.plan_slots.all(),
        ),
    )


@login_required
def audit_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Audit):
        raise PermissionDenied
    person = user_person(request.user)
    initial: dict[str, Any] = {"site": person.site if person else None, "planned_start": timezone.localdate()}
    item_pk = request.GET.get("item")
    if item_pk and item_pk.isdigit():
        item = ProgrammeItem.objects.select_related("process", "standard").filter(pk=item_pk).first()
        if item is not None:
            initial.update(
                programme_item=item,
                process=item.process,
                supplier_name=item.supplier_name,
                standard=item.standard,
                kind="supplier" if item.supplier_name else "internal",
                title=_("Audit of %(subject)s") % {"subject": item.subject},
            )
    form = AuditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            audit = services.audit_create(
                user=request.user,
                title=data.pop("title"),
                site=data.pop("site"),
                planned_start=data.pop("planned_start"),
                planned_end=data.pop("planned_end"),
                criteria=data.pop("criteria"),
                auditees=data.pop("auditees"),
                lead_auditor=form.cleaned_data.get("lead_auditor"),
                auditors=form.cleaned_data.get("auditors") or [],
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(reference)s is planned.") % {"reference": audit.reference})
            return redirect(audit)
    return render(request, "audits/audit_form.html", {"form": form, "title": _("Plan an audit")})


@login_required
def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    form = AuditForm(request.POST or None, instance=audit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            services.audit_update(
                user=request.user,
                audit=audit,
                criteria=data.pop("criteria"),
                auditees=data.pop("auditees"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(audit)
    return render(
        request,
        "audits/audit_form.html",
        {"form": form, "audit": audit, "title": _("Edit %(reference)s") % {"reference": audit.reference}},
    )


@login_required
@require_POST
def audit_team(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    form = TeamForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            warnings = services.audit_assign_auditors(user=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The audit team is saved."))
            for warning in warnings:
                messages.warning(request, warning.message)
    else:
        messages.error(request, _("Choose the lead auditor."))
    return redirect(f"{audit.get_absolute_url()}#team")


@login_required
@require_POST
def audit_status(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    try:
        services.audit_set_status(user=request.user, audit=audit, status=request.POST.get("status", ""))
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Status: %(status)s.") % {"status": audit.get_status_display()})
    return redirect(request.POST.get("next") or audit.get_absolute_url())


@login_required
@require_POST
def plan_slot_add(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    form = PlanSlotForm(request.POST)
    if form.is_valid():
        try:
            services.plan_slot_add(user=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("The schedule row needs a start and an activity."))
    return redirect(f"{audit.get_absolute_url()}#schedule")


@login_required
@require_POST
def plan_slot_delete(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    slot = get_object_or_404(AuditPlanSlot, pk=slot_pk, audit=audit)
    try:
        services.plan_slot_delete(user=request.user, slot=slot)
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect(f"{audit.get_absolute_url()}#schedule")


# --- Checklist --------------------------------------------------------------------------------------------


@login_required
def audit_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    questions = list(selectors.audit_questions(audit))
    answered = sum(1 for q in questions if q.answer != Answer.NOT_ASSESSED)
    return render(
        request,
        "audits/audit_checklist.html",
        _context(
            request,
            audit,
            "checklist",
            questions=questions,
            answered=answered,
            answers=Answer.choices,
            template_form=ChecklistTemplateChoiceForm(),
            question_form=QuestionForm(),
        ),
    )


@login_required
@require_POST
def checklist_from_template(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    form = ChecklistTemplateChoiceForm(request.POST)
    if form.is_valid():
        try:
            created = services.checklist_add_from_template(
                user=request.user, audit=audit, template=form.cleaned_data["template"]
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("%(count)s questions added.") % {"count": len(created)})
    return redirect("audits:audit_checklist", pk=audit.pk)


@login_required
@require_POST
def checklist_from_clauses(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    clauses = list(audit.criteria.all())
    if not clauses:
        messages.error(request, _("The audit has no criteria: choose its clauses in the plan first."))
    else:
        created = services.checklist_add_from_clauses(user=request.user, audit=audit, clauses=clauses)
        messages.success(request, _("%(count)s questions added.") % {"count": len(created)})
    return redirect("audits:audit_checklist", pk=audit.pk)


@login_required
@require_POST
def checklist_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    form = QuestionForm(request.POST)
    if form.is_valid():
        services.checklist_question_add(user=request.user, audit=audit, **form.cleaned_data)
    else:
        messages.error(request, _("Write the question."))
    return redirect("audits:audit_checklist", pk=audit.pk)


def _question(audit: Audit, question_pk: int) -> ChecklistQuestion:
    return get_object_or_404(ChecklistQuestion.objects.select_related("clause"), pk=question_pk, audit=audit)


@login_required
@require_POST
def checklist_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Save one answer (htmx on change: returns the card; without JavaScript: back to the list)."""
    audit = _audit(request, pk)
    _require_edit(request, audit)
    question = _question(audit, question_pk)
    form = AnswerForm(request.POST)
    form.is_valid()
    data = {key: request.POST[key] for key in ("answer", "evidence", "notes") if key in request.POST}
    try:
        services.checklist_answer(user=request.user, question=question, **data)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=400)
        _flash_errors(request, error)
    if request.htmx:
        question.has_finding = question.findings.exists()
        return render(request, "audits/partials/_answer_status.html", {"q": question, "saved": True})
    return redirect(f"{reverse('audits:audit_checklist', args=[audit.pk])}#question-{question.pk}")


@login_required
@require_POST
def checklist_photo(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    question = _question(audit, question_pk)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo."))
    else:
        try:
            attachment_add(user=request.user, target=question, upload=upload, description=_("Evidence photo"))
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The photo is attached."))
    return redirect(f"{reverse('audits:audit_checklist', args=[audit.pk])}#question-{question.pk}")


@login_required
@require_POST
def checklist_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """Replay of the offline queue: ``{"answers": [{"question": id, "answer": ..., ...}]}`` (JSON)."""
    audit = _audit(request, pk)
    _require_edit(request, audit)
    try:
        payload = json.loads(request.body or b"{}")
        answers = payload["answers"]
        if not isinstance(answers, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Malformed request.")}, status=400)
    try:
        count = services.checklist_answers_bulk(user=request.user, audit=audit, answers=answers)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"updated": count})


# --- Findings ---------------------------------------------------------------------------------------------


@login_required
def audit_findings(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    form = None
    if can(request.user, Operation.EDIT, audit) and audit.status != AuditStatus.CLOSED:
        initial: dict[str, Any] = {
            "process": audit.process,
            "kind": request.GET.get("kind") or FindingKind.MINOR_NC,
        }
        question_pk = request.GET.get("question")
        if question_pk and question_pk.isdigit():
            question = audit.questions.select_related("clause").filter(pk=question_pk).first()
            if question is not None:
                initial.update(selectors.finding_proposal(question))
        form = FindingForm(request.POST or None, user=request.user, audit=audit, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                finding = services.finding_create(user=request.user, audit=audit, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if finding.nonconformity_id:
                    messages.success(
                        request,
                        _("Finding recorded; non-conformity %(reference)s opened.")
                        % {"reference": finding.nonconformity.reference},
                    )
                else:
                    messages.success(request, _("Finding recorded."))
                return redirect("audits:audit_findings", pk=audit.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "audits/audit_findings.html",
        _context(request, audit, "findings", findings=selectors.audit_findings(audit), form=form),
    )


# --- Meetings ---------------------------------------------------------------------------------------------


@login_required
def audit_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    meetings = {m.kind: m for m in selectors.audit_meetings(audit)}
    return render(
        request,
        "audits/audit_meetings.html",
        _context(
            request,
            audit,
            "meetings",
            meetings=[(kind, label, meetings.get(kind)) for kind, label in MeetingKind.choices],
        ),
    )


@login_required
def audit_meeting_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    audit = _audit(request, pk)
    _require_edit(request, audit)
    if kind not in MeetingKind.values:
        raise Http404
    meeting = AuditMeeting.objects.filter(audit=audit, kind=kind).first()
    initial = {"held_at": timezone.localtime().replace(second=0, microsecond=0)} if meeting is None else None
    form = MeetingForm(
        request.POST or None, instance=meeting, initial=initial, user=request.user, audit=audit
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(user=request.user, audit=audit, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("audits:audit_meetings", pk=audit.pk)
    return render(
        request,
        "audits/form.html",
        {"form": form, "title": f"{audit.reference} – {MeetingKind(kind).label}", "back": audit},
    )


# --- Report -----------------------------------------------------------------------------------------------


@login_required
def audit_report(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    form = None
    if can(request.user, Operation.EDIT, audit) and audit.status != AuditStatus.CLOSED:
        form = AuditConclusionForm(
            request.POST or None, instance=audit, computed_level=services.audit_efficacy(audit).level
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.audit_update(user=request.user, audit=audit, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("audits:audit_report", pk=audit.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "audits/audit_report.html", _context(request, audit, "report", form=form))


@login_required
def audit_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    language = request.GET.get("lang") or audit.report_language
    if language not in ("fr", "en"):
        language = "fr"
    pdf = render_pdf(report.TEMPLATE, report.report_data(audit, language))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{audit.reference}-{language}.pdf"'
    return response

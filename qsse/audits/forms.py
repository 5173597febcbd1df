"""Forms of the audit pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, DateTimeInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .calculations import format_question_lines, parse_question_lines
from .choices import Answer, FindingKind, MeetingKind
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


def _people(user: Any):
    return organization_selectors.person_list(user).order_by("last_name", "first_name")


def _clauses():
    return StandardClause.objects.select_related("standard").order_by("standard__code", "position")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = AuditProgramme
        fields = [
            "title",
            "start_year",
            "end_year",
            "site",
            "manager",
            "status",
            "standards",
            "objectives",
            "scope",
            "risks_opportunities",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "risks_opportunities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["manager"].queryset = _people(user)
        self.fields["standards"].queryset = Standard.objects.filter(is_active=True)
        style_fields(self)


class ProgrammeItemForm(forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = [
            "process",
            "supplier_name",
            "standard",
            "planned_year",
            "planned_month",
            "risk_level",
            "last_result",
            "criteria",
            "rationale",
        ]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "criteria": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, programme: AuditProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["standard"].queryset = Standard.objects.filter(is_active=True)
        self.fields["planned_year"].widget = forms.Select(choices=[(y, y) for y in programme.years])
        self.fields["criteria"].queryset = _clauses().filter(standard__in=programme.standards.all())
        style_fields(self)


class AuditForm(forms.ModelForm):
    class Meta:
        model = Audit
        fields = [
            "kind",
            "title",
            "process",
            "supplier_name",
            "supplier_site",
            "site",
            "standard",
            "programme_item",
            "planned_start",
            "planned_end",
            "scope",
            "objectives",
            "criteria",
            "auditees",
            "report_language",
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 2}),
            "criteria": forms.SelectMultiple(attrs={"size": 8}),
            "auditees": forms.SelectMultiple(attrs={"size": 6}),
        }

    lead_auditor = forms.ModelChoiceField(queryset=None, required=False, label=_("Lead auditor"))
    auditors = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Auditors"), widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = _people(user)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["standard"].queryset = Standard.objects.filter(is_active=True)
        self.fields["criteria"].queryset = _clauses()
        self.fields["auditees"].queryset = people
        self.fields["programme_item"].queryset = ProgrammeItem.objects.select_related("process", "programme")
        self.fields["lead_auditor"].queryset = people
        self.fields["auditors"].queryset = people
        if self.instance.pk:
            # The team changes through its own form (with the independence check).
            del self.fields["lead_auditor"]
            del self.fields["auditors"]
        style_fields(self)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("lead_auditor", None)
        data.pop("auditors", None)
        return data


class AuditConclusionForm(forms.ModelForm):
    class Meta:
        model = Audit
        fields = ["maturity_rating", "positive_points", "conclusion", "distribution", "report_language"]
        widgets = {
            "positive_points": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
            "distribution": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, computed_level: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if computed_level is not None:
            if self.instance.maturity_rating is None:
                # The score computed from the checklist is offered; the auditor may change it.
                self.initial["maturity_rating"] = computed_level
            self.fields["maturity_rating"].help_text = _(
                "Computed from the checklist: level %(level)s (offered when the rating is empty)."
            ) % {"level": computed_level}
        style_fields(self)


class TeamForm(forms.Form):
    lead_auditor = forms.ModelChoiceField(queryset=None, label=_("Lead auditor"))
    auditors = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Auditors"), widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_auditor"].queryset = _people(user)
        self.fields["auditors"].queryset = _people(user)
        style_fields(self)


class PlanSlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput(), required=False)
    activity = forms.CharField(label=_("Activity / process / clause"), max_length=255)
    auditee = forms.CharField(label=_("Auditee"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ChecklistTemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.filter(is_active=True), label=_("Template")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(is_active=True)
        style_fields(self)


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    clause = forms.ModelChoiceField(queryset=None, required=False, label=_("Clause"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = _clauses()
        style_fields(self)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Answer.choices, required=False)
    evidence = forms.CharField(required=False)
    notes = forms.CharField(required=False)


class FindingForm(forms.ModelForm):
    action_owner = forms.ModelChoiceField(queryset=None, required=False, label=_("Corrective action owner"))
    action_due_on = forms.DateField(required=False, label=_("Action due on"), widget=DateInput())

    class Meta:
        model = Finding
        fields = ["kind", "clause", "requirement", "evidence", "description", "process", "question"]
        widgets = {
            "question": forms.HiddenInput,
            "kind": forms.RadioSelect,
            "requirement": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, audit: Audit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = (
            audit.questions.all() if audit is not None else ChecklistQuestion.objects.none()
        )
        self.fields["kind"].choices = FindingKind.choices
        self.fields["clause"].queryset = _clauses()
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["action_owner"].queryset = _people(user)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if bool(data.get("action_owner")) != bool(data.get("action_due_on")):
            raise ValidationError(_("To raise an action, give both its owner and its due date."))
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = AuditMeeting
        fields = ["held_at", "attendees", "other_attendees", "agenda", "minutes"]
        widgets = {
            "held_at": DateTimeInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, audit: Audit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = {p.pk for p in [*audit.auditees.all(), *audit.auditors.all()]}
        if audit.lead_auditor_id:
            ids.add(audit.lead_auditor_id)
        if self.instance.pk:
            ids |= {p.pk for p in self.instance.attendees.all()}
        self.fields["attendees"].queryset = _people(user).filter(pk__in=ids)
        style_fields(self)


MEETING_KINDS = MeetingKind.values


class AuditorForm(forms.ModelForm):
    """An auditor's qualification; the person is chosen once, at creation."""

    class Meta:
        model = Auditor
        fields = [
            "person",
            "qualified_standards",
            "scopes",
            "qualified_on",
            "valid_until",
            "is_lead_auditor",
            "is_external",
            "organisation",
            "trainings",
            "independence_notes",
            "is_active",
        ]
        widgets = {
            "qualified_standards": forms.CheckboxSelectMultiple,
            "qualified_on": DateInput(),
            "valid_until": DateInput(),
            "scopes": forms.Textarea(attrs={"rows": 2}),
            "trainings": forms.Textarea(attrs={"rows": 3}),
            "independence_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualified_standards"].queryset = Standard.objects.filter(is_active=True)
        if self.instance.pk:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = _people(user).filter(auditor__isnull=True)
        style_fields(self)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["standards"] = list(data.pop("qualified_standards"))
        data["person"] = data.get("person") or self.instance.person
        return data


class ChecklistTemplateForm(forms.ModelForm):
    """A template and its questions, one per line (``§8.5 question`` links the clause)."""

    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "One question per line. Start a line with §<clause> (e.g. “§8.5.1 How are the work "
            "instructions kept available?”) to link the question to a clause of the standard."
        ),
    )

    class Meta:
        model = ChecklistTemplate
        fields = ["name", "theme", "standard", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(is_active=True)
        if self.instance.pk and not self.is_bound:
            self.initial["questions"] = format_question_lines(
                (q.clause.code if q.clause_id else None, q.question)
                for q in self.instance.questions.select_related("clause")
            )
        style_fields(self)

    def clean(self):
        data = super().clean()
        text = data.get("questions") or ""
        standard = data.get("standard")
        lines = parse_question_lines(text)
        if not lines:
            self.add_error("questions", _("Write at least one question."))
            return data
        clauses = {c.code: c for c in standard.clauses.all()} if standard is not None else {}
        parsed = []
        for code, question in lines:
            clause = None
            if code is not None:
                clause = clauses.get(code)
                if clause is None:
                    self.add_error(
                        "questions",
                        _("§%(code)s is not a clause of the chosen standard.") % {"code": code}
                        if standard is not None
                        else _("Choose the standard to link questions to clauses (§%(code)s).")
                        % {"code": code},
                    )
                    continue
            parsed.append((question, clause))
        data["parsed_questions"] = parsed
        return data

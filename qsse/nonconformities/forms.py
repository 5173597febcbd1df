"""Forms of the non-conformity pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .choices import IshikawaCategory, NonconformityKind, RootCauseSource
from .models import EightDReport, IshikawaCause, Nonconformity
from .services import EIGHT_D_FIELDS, MAX_WHY_STEPS


class NonconformityForm(forms.ModelForm):
    """Report or edit a record, laid out as QQOQCCP (who, what, where, when, how, how many, why)."""

    class Meta:
        model = Nonconformity
        fields = [
            "kind",
            "title",
            "origin",
            "category",
            "severity",
            "site",
            "process",
            "owner",
            "customer_name",
            "customer_reference",
            "supplier_name",
            "description_who",
            "detected_by",
            "description_what",
            "product",
            "lot",
            "description_where",
            "detected_on",
            "description_when",
            "description_how",
            "description_how_many",
            "quantity_affected",
            "cost_of_nonquality",
            "description_why",
            "containment",
            "disposition",
        ]
        labels = {"kind": _("Kind")}
        widgets = {
            "kind": forms.RadioSelect,
            "detected_on": DateInput,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "description_who",
                    "description_what",
                    "description_where",
                    "description_when",
                    "description_how",
                    "description_how_many",
                    "description_why",
                    "containment",
                )
            },
        }

    # The QQOQCCP layout: (legend, hint, fields).
    SECTIONS = (
        (
            "identification",
            _("Identification"),
            "",
            ("title", "origin", "category", "severity", "site", "process", "owner"),
        ),
        (
            "customer",
            _("Customer"),
            _("Required for a customer complaint."),
            ("customer_name", "customer_reference"),
        ),
        ("supplier", _("Supplier"), "", ("supplier_name",)),
        (
            "who",
            _("Who?"),
            _("The people concerned, who detected the problem."),
            ("description_who", "detected_by"),
        ),
        (
            "what",
            _("What?"),
            _("The problem, the part or product concerned."),
            ("description_what", "product", "lot"),
        ),
        ("where", _("Where?"), _("Workshop, line, machine, customer site…"), ("description_where",)),
        (
            "when",
            _("When?"),
            _("Date of detection, shift, production period."),
            ("detected_on", "description_when"),
        ),
        ("how", _("How?"), _("How the problem was detected, in what circumstances."), ("description_how",)),
        (
            "how_many",
            _("How many?"),
            _("Extent: quantities, frequency, cost."),
            ("description_how_many", "quantity_affected", "cost_of_nonquality"),
        ),
        (
            "why",
            _("Why?"),
            _("Why it is a problem: requirement not met, consequences."),
            ("description_why",),
        ),
        (
            "containment",
            _("Containment and disposition"),
            _("Immediate actions to protect the customer."),
            ("containment", "disposition"),
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        people = organization_selectors.person_list(user).order_by("last_name", "first_name")
        self.fields["owner"].queryset = people
        self.fields["detected_by"].queryset = people
        self.fields["kind"].choices = NonconformityKind.choices
        if self.instance.pk:
            self.fields["kind"].disabled = True
        style_fields(self)

    def sections(self) -> list[tuple[str, Any, Any, list[forms.BoundField]]]:
        return [
            (key, legend, hint, [self[name] for name in names]) for key, legend, hint, names in self.SECTIONS
        ]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("kind", None)
        return data


class WhyStepForm(forms.Form):
    question = forms.CharField(label=_("Why?"), max_length=500, required=False)
    answer = forms.CharField(label=_("Because…"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        question, answer = data.get("question", "").strip(), data.get("answer", "").strip()
        if question and not answer:
            self.add_error("answer", _("Give the answer to this why."))
        if answer and not question:
            self.add_error("question", _("Give the question this answers."))
        return data

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("question") or self.cleaned_data.get("answer"))


class BaseWhyStepFormSet(forms.BaseFormSet):
    def steps(self) -> list[tuple[str, str]]:
        """The filled rows in order (blank rows are dropped)."""
        return [
            (form.cleaned_data["question"].strip(), form.cleaned_data["answer"].strip())
            for form in self.forms
            if not form.is_blank()
        ]


WhyStepFormSet = forms.formset_factory(
    WhyStepForm,
    formset=BaseWhyStepFormSet,
    extra=0,
    max_num=MAX_WHY_STEPS,
    validate_max=True,
    absolute_max=MAX_WHY_STEPS,
)


def why_formset(nonconformity: Nonconformity, data=None) -> BaseWhyStepFormSet:
    """The 5-whys rows: the saved chain plus empty rows, at least 5 and at most 7."""
    initial = [{"question": step.question, "answer": step.answer} for step in nonconformity.why_steps.all()]
    rows = min(max(5, len(initial) + 1), MAX_WHY_STEPS)
    initial += [{}] * (rows - len(initial))
    formset = WhyStepFormSet(data, initial=initial, prefix="why")
    for form in formset.forms:
        style_fields(form, small=True)
    return formset


class IshikawaCauseForm(forms.Form):
    category = forms.ChoiceField(label=_("Category (7M)"), choices=IshikawaCategory.choices)
    text = forms.CharField(label=_("Cause"), max_length=300)
    parent = forms.ModelChoiceField(
        label=_("Sub-cause of"),
        queryset=IshikawaCause.objects.none(),
        required=False,
        empty_label=_("— (first-level cause)"),
    )
    is_retained = forms.BooleanField(label=_("Retained as root cause"), required=False)

    def __init__(self, *args: Any, nonconformity: Nonconformity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = nonconformity.ishikawa_causes.filter(parent__isnull=True)
        self.fields["parent"].label_from_instance = lambda c: f"{c.get_category_display()} – {c.text}"
        style_fields(self, small=True)


class RootCauseForm(forms.Form):
    description = forms.CharField(label=_("Root cause"), max_length=500)
    source = forms.ChoiceField(
        label=_("Found by"), choices=RootCauseSource.choices, initial=RootCauseSource.OTHER
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class CorrectiveActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)
    efficacy_criterion = forms.CharField(
        label=_("Efficacy criterion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How you will know that the cause is eliminated (e.g. no recurrence over 3 months)."),
    )
    efficacy_check_due_on = forms.DateField(
        label=_("Efficacy check planned on"), required=False, widget=DateInput
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user).order_by(
            "last_name", "first_name"
        )
        style_fields(self, small=True)

    def clean(self):
        data = super().clean()
        due_on, check_on = data.get("due_on"), data.get("efficacy_check_due_on")
        if due_on and due_on < timezone.localdate():
            self.add_error("due_on", _("The due date is in the past."))
        if due_on and check_on and check_on < due_on:
            self.add_error("efficacy_check_due_on", _("The efficacy check comes after the action is due."))
        return data


class EightDForm(forms.ModelForm):
    class Meta:
        model = EightDReport
        fields = sorted(EIGHT_D_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in EIGHT_D_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class CloseForm(forms.Form):
    comment = forms.CharField(
        label=_("Closure comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

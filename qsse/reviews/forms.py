"""Forms of the review pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .choices import ReviewOutput
from .models import ManagementReview, ProcessReview


class ManagementReviewForm(forms.ModelForm):
    class Meta:
        model = ManagementReview
        fields = [
            "title",
            "held_on",
            "period_start",
            "period_end",
            "site",
            "location",
            "chair",
            "participants",
            "external_participants",
            "absentees",
            "language",
            "conclusions",
        ]
        widgets = {
            "held_on": DateInput,
            "period_start": DateInput,
            "period_end": DateInput,
            "participants": forms.SelectMultiple(attrs={"size": 8}),
            "external_participants": forms.Textarea(attrs={"rows": 2}),
            "absentees": forms.Textarea(attrs={"rows": 2}),
            "conclusions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, frozen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = organization_selectors.person_list(user)
        self.fields["chair"].queryset = people
        self.fields["participants"].queryset = people
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["site"].empty_label = _("Whole organisation")
        if frozen:
            for name in ("period_start", "period_end", "site"):
                self.fields[name].disabled = True
        style_fields(self)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class ProcessReviewForm(forms.ModelForm):
    class Meta:
        model = ProcessReview
        fields = ["process", "held_on", "period_start", "period_end", "owner", "participants", "conclusion"]
        widgets = {
            "held_on": DateInput,
            "period_start": DateInput,
            "period_end": DateInput,
            "participants": forms.SelectMultiple(attrs={"size": 6}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = organization_selectors.person_list(user)
        self.fields["owner"].queryset = people
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _("The owner of the process when left empty.")
        self.fields["participants"].queryset = people
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        if editing:
            self.fields["process"].disabled = True
        style_fields(self)


class InputCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Analysis and comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class DecisionForm(forms.Form):
    output_kind = forms.ChoiceField(label=_("Kind of output"), choices=ReviewOutput.choices)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self, small=True)

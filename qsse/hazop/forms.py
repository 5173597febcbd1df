"""Forms of the HAZOP pages: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import rating
from .choices import GuideWord, Parameter
from .models import Deviation, HazopNode, HazopStudy


class StudyForm(forms.ModelForm):
    class Meta:
        model = HazopStudy
        fields = ["title", "installation", "site", "process", "pid_reference", "leader", "team", "scope"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["process"].queryset = process_selectors.process_list(user)
        people = organization_selectors.person_list(user)
        self.fields["leader"].queryset = people
        self.fields["team"].queryset = people
        style_fields(self)


class NodeForm(forms.ModelForm):
    parameters = forms.MultipleChoiceField(
        label=_("Parameters"), choices=Parameter.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = HazopNode
        fields = ["name", "design_intent", "parameters"]
        widgets = {"design_intent": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # hazop/partials/_form_fields.html draws the parameters' check boxes whole ({{ field }}).
        style_fields(self, checks=False)


class GenerateForm(forms.Form):
    parameters = forms.MultipleChoiceField(
        label=_("Parameters"), choices=Parameter.choices, widget=forms.CheckboxSelectMultiple
    )
    guide_words = forms.MultipleChoiceField(
        label=_("Guide words"), choices=GuideWord.choices, widget=forms.CheckboxSelectMultiple
    )


class DeviationForm(forms.ModelForm):
    class Meta:
        model = Deviation
        fields = [
            "text",
            "causes",
            "consequences",
            "safeguards",
            "likelihood",
            "severity",
            "recommendation",
            "responsible",
            "justification",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("causes", "consequences", "safeguards", "recommendation", "justification")
        }
        help_texts = {
            "justification": _(
                "Why the deviation is not rated (not credible, no consequence), or closed without an action."
            )
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows, cols = rating.scale_max()
        self.fields["likelihood"] = forms.TypedChoiceField(
            label=_("Likelihood"),
            coerce=int,
            empty_value=None,
            required=False,
            choices=[("", "—")] + [(n, n) for n in range(1, rows + 1)],
        )
        self.fields["severity"] = forms.TypedChoiceField(
            label=_("Severity"),
            coerce=int,
            empty_value=None,
            required=False,
            choices=[("", "—")] + [(n, n) for n in range(1, cols + 1)],
        )
        self.fields["responsible"].queryset = organization_selectors.person_list(user)
        style_fields(self, small=True)
        if self.instance.pk:
            for name, field in self.fields.items():
                field.widget.attrs["id"] = f"dev-{self.instance.pk}-{name}"

    def _post_clean(self) -> None:
        pass


class ActionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Action owner"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self, small=True)


class CloseForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification of the closure"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

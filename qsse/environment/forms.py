"""Forms of the environmental analysis: they validate the input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.actions.choices import ActionType
from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors

from .models import Activity, EnvironmentalAnalysis, EnvironmentalAspect, SignificanceSettings


class _Styled:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        style_fields(self)  # type: ignore[arg-type]


class AnalysisForm(_Styled, forms.ModelForm):
    class Meta:
        model = EnvironmentalAnalysis
        fields = ["title", "site", "analysed_on", "owner", "scope", "life_cycle_note"]
        widgets = {"analysed_on": DateInput(), "scope": forms.Textarea, "life_cycle_note": forms.Textarea}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        if self.instance.pk and self.instance.version > 1:
            self.fields["site"].disabled = True


class ActivityForm(_Styled, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["name", "process", "life_cycle_stage", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from qsse.processes import selectors as process_selectors

        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["process"].help_text = _("The process this activity belongs to, if any.")


def _scale_choices(labels: list[str]) -> list[tuple[int, str]]:
    return [(index, f"{index} – {label}") for index, label in enumerate(labels, start=1)]


class AspectForm(_Styled, forms.ModelForm):
    severity = forms.TypedChoiceField(label=_("Severity"), coerce=int)
    frequency = forms.TypedChoiceField(label=_("Frequency"), coerce=int)
    control = forms.TypedChoiceField(label=_("Control"), coerce=int)

    class Meta:
        model = EnvironmentalAspect
        fields = [
            "activity",
            "aspect",
            "impact",
            "compartment",
            "condition",
            "life_cycle_stage",
            "control_type",
            "legal_requirement",
            "existing_controls",
            "severity",
            "frequency",
            "control",
        ]
        widgets = {"existing_controls": forms.Textarea(attrs={"rows": 2})}

    def __init__(
        self, *args: Any, analysis: EnvironmentalAnalysis, settings: SignificanceSettings, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = analysis.activities.all()
        self.fields["activity"].empty_label = None
        self.fields["severity"].choices = _scale_choices(settings.severity_labels)
        self.fields["frequency"].choices = _scale_choices(settings.frequency_labels)
        self.fields["control"].choices = _scale_choices(settings.control_labels)
        if settings.method == "sf":
            self.fields["control"].help_text = _("Not counted by the current scoring method.")
        style_fields(self)


class ActionForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    type = forms.ChoiceField(label=_("Type"), choices=ActionType.choices, initial=ActionType.PREVENTIVE)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    efficacy_criterion = forms.CharField(label=_("Efficacy criterion"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)


class ObjectiveForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=255)
    measurable_statement = forms.CharField(label=_("Measurable statement"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    target_date = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)


class LinkObjectiveForm(_Styled, forms.Form):
    objective = forms.ModelChoiceField(label=_("Existing objective"), queryset=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from qsse.indicators import selectors as indicator_selectors

        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = indicator_selectors.objective_list(user).order_by("reference")


class SettingsForm(_Styled, forms.Form):
    method = forms.ChoiceField(
        label=_("Scoring method"), choices=SignificanceSettings._meta.get_field("method").choices
    )
    severity_labels = forms.CharField(
        label=_("Severity levels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One level per line, the lowest first."),
    )
    frequency_labels = forms.CharField(
        label=_("Frequency levels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One level per line, the lowest first."),
    )
    control_labels = forms.CharField(
        label=_("Control levels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One level per line, from the best controlled (1) to not controlled."),
    )
    threshold = forms.IntegerField(label=_("Significance threshold"), min_value=1)
    legal_requirement_rule = forms.BooleanField(
        label=_("An aspect subject to a legal requirement is significant"), required=False
    )
    emergency_rule = forms.BooleanField(
        label=_("An aspect in emergency conditions at or above a severity level is significant"),
        required=False,
    )
    emergency_min_severity = forms.IntegerField(label=_("Severity level of the emergency rule"), min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("severity_labels", "frequency_labels", "control_labels"):
            if name in data:
                data[name] = [line.strip() for line in data[name].splitlines() if line.strip()]
        return data

    @classmethod
    def initial_from(cls, settings: SignificanceSettings) -> dict[str, Any]:
        return {
            "method": settings.method,
            "severity_labels": "\n".join(settings.severity_labels),
            "frequency_labels": "\n".join(settings.frequency_labels),
            "control_labels": "\n".join(settings.control_labels),
            "threshold": settings.threshold,
            "legal_requirement_rule": settings.legal_requirement_rule,
            "emergency_rule": settings.emergency_rule,
            "emergency_min_severity": settings.emergency_min_severity,
        }

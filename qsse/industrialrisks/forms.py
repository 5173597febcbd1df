"""Forms of the industrial risk control plan: they validate the input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors

from .models import (
    DangerousPhenomenon,
    Drill,
    EmergencyContact,
    EmergencyPlan,
    EmergencyProcedure,
    EmergencyResource,
    SafetyMeasure,
)


class _Styled:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        style_fields(self)  # type: ignore[arg-type]


def _scale(count: int, labels: tuple[str, ...]) -> list[tuple[int, str]]:
    return [
        (value, f"{value} – {labels[value - 1]}" if value <= len(labels) else str(value))
        for value in range(1, count + 1)
    ]


class PhenomenonForm(_Styled, forms.ModelForm):
    probability = forms.TypedChoiceField(label=_("Probability"), coerce=int)
    gravity = forms.TypedChoiceField(label=_("Gravity"), coerce=int)
    residual_probability = forms.TypedChoiceField(label=_("Residual probability"), coerce=int)
    residual_gravity = forms.TypedChoiceField(label=_("Residual gravity"), coerce=int)

    class Meta:
        model = DangerousPhenomenon
        fields = [
            "site",
            "installation",
            "kind",
            "title",
            "scenario",
            "consequences",
            "probability",
            "gravity",
            "residual_probability",
            "residual_gravity",
            "owner",
        ]
        widgets = {"scenario": forms.Textarea, "consequences": forms.Textarea}

    def __init__(self, *args: Any, user: Any, matrix: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        rows = _scale(matrix.rows, matrix.row_labels)
        cols = _scale(matrix.cols, matrix.col_labels)
        self.fields["probability"].choices = rows
        self.fields["residual_probability"].choices = rows
        self.fields["gravity"].choices = cols
        self.fields["residual_gravity"].choices = cols
        self.fields["probability"].label = matrix.row_axis_name
        self.fields["gravity"].label = matrix.col_axis_name
        self.fields["residual_probability"].help_text = _("After the existing prevention measures.")
        self.fields["residual_gravity"].help_text = _("After the existing protection measures.")
        style_fields(self)


class MeasureForm(_Styled, forms.ModelForm):
    class Meta:
        model = SafetyMeasure
        fields = ["description", "role", "status"]


class MeasureActionForm(_Styled, forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    efficacy_criterion = forms.CharField(label=_("Efficacy criterion"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)


class DrillActionForm(MeasureActionForm):
    title = forms.CharField(label=_("Action"), max_length=255)
    field_order = ["title", "owner", "due_on"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        del self.fields["efficacy_criterion"]


class PlanForm(_Styled, forms.ModelForm):
    class Meta:
        model = EmergencyPlan
        fields = [
            "site",
            "title",
            "revision",
            "revised_on",
            "owner",
            "drill_interval_months",
            "assembly_point",
            "alert_procedure",
            "notes",
        ]
        widgets = {"revised_on": DateInput(), "alert_procedure": forms.Textarea, "notes": forms.Textarea}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        if self.instance.pk:
            self.fields["site"].disabled = True


class ProcedureForm(_Styled, forms.ModelForm):
    class Meta:
        model = EmergencyProcedure
        fields = ["phenomenon", "scenario", "steps", "order"]
        widgets = {"steps": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, plan: EmergencyPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phenomenon"].queryset = DangerousPhenomenon.objects.filter(site_id=plan.site_id)


class ContactForm(_Styled, forms.ModelForm):
    class Meta:
        model = EmergencyContact
        fields = ["category", "name", "organisation", "phone", "alternate_phone", "notes", "order"]


class ResourceForm(_Styled, forms.ModelForm):
    class Meta:
        model = EmergencyResource
        fields = ["kind", "description", "location", "quantity"]


class DrillForm(_Styled, forms.ModelForm):
    class Meta:
        model = Drill
        fields = [
            "held_on",
            "procedure",
            "scenario",
            "participants",
            "external_services",
            "duration_minutes",
            "findings",
        ]
        widgets = {"held_on": DateInput(), "findings": forms.Textarea}

    def __init__(self, *args: Any, plan: EmergencyPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = plan.procedures.all()
        self.fields["scenario"].required = False
        self.fields["scenario"].help_text = _("Taken from the scenario exercised when left empty.")

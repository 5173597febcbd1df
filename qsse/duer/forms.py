from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization.models import Person, Site

from . import rating
from .models import Duer, Hazard, HazardFamily, PreventionMeasure

__all__ = [
    "ActionForm",
    "DuerForm",
    "FamilyForm",
    "FreezeForm",
    "HazardForm",
    "MeasureForm",
]


class DuerForm(forms.ModelForm):
    class Meta:
        model = Duer
        fields = ["title", "site", "owner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(is_active=True)
        self.fields["owner"].queryset = Person.objects.filter(is_active=True)
        style_fields(self)


class HazardForm(forms.ModelForm):
    class Meta:
        model = Hazard
        fields = [
            "family",
            "sub_danger",
            "situation",
            "exposed_count",
            "existing_measures",
            "probability",
            "gravity",
            "control_level",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 2}),
            "existing_measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, prefix_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        matrix = rating.active_matrix()
        rows, cols = rating.scale_max(matrix)
        probability_axis, gravity_axis = rating.axis_names(matrix)
        self.fields["family"].queryset = HazardFamily.objects.filter(is_active=True)
        self.fields["probability"] = forms.TypedChoiceField(
            label=probability_axis,
            coerce=int,
            choices=[(value, self._label(matrix, "row", value)) for value in range(1, rows + 1)],
        )
        self.fields["gravity"] = forms.TypedChoiceField(
            label=gravity_axis,
            coerce=int,
            choices=[(value, self._label(matrix, "col", value)) for value in range(1, cols + 1)],
        )
        style_fields(self, small=True)

    @staticmethod
    def _label(matrix: Any, axis: str, value: int) -> str:
        if matrix is None:
            return str(value)
        labels = matrix.row_labels if axis == "row" else matrix.col_labels
        name = labels[value - 1] if value - 1 < len(labels) else ""
        return f"{value} – {name}" if name and name != str(value) else str(value)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = PreventionMeasure
        fields = ["description", "principle", "measure_type", "protection"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class ActionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.filter(is_active=True))
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost (€)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    efficacy_criterion = forms.CharField(label=_("Result indicator"), max_length=255, required=False)
    human_resources = forms.CharField(
        label=_("Execution conditions (who, resources)"), max_length=255, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class FreezeForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed in this version"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class FamilyForm(forms.ModelForm):
    class Meta:
        model = HazardFamily
        fields = ["name", "sub_dangers"]
        widgets = {"sub_dangers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

"""Forms of the HACCP pages: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, DateTimeInput, style_fields
from qsse.organization import selectors as organization_selectors

from . import rating
from .models import ControlPoint, HaccpPlan, Hazard, ProcessStep


class PlanForm(forms.ModelForm):
    class Meta:
        model = HaccpPlan
        fields = [
            "title",
            "site",
            "scope",
            "leader",
            "team",
            "tree_version",
            "product_name",
            "composition",
            "characteristics",
            "treatments",
            "packaging",
            "storage",
            "shelf_life",
            "distribution",
            "allergens",
            "intended_use",
            "verification_procedure",
            "validated_on",
        ]
        widgets = {
            "validated_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "scope",
                    "composition",
                    "characteristics",
                    "treatments",
                    "packaging",
                    "storage",
                    "distribution",
                    "allergens",
                    "intended_use",
                    "verification_procedure",
                )
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        people = organization_selectors.person_list(user)
        self.fields["leader"].queryset = people
        self.fields["team"].queryset = people
        style_fields(self)

    def service_fields(self) -> tuple[dict[str, Any], list[Any]]:
        data = dict(self.cleaned_data)
        team = list(data.pop("team", []))
        return data, team


class StepForm(forms.ModelForm):
    class Meta:
        model = ProcessStep
        fields = ["number", "name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        style_fields(self)


class StepVerifyForm(forms.Form):
    verified_on = forms.DateField(label=_("Verified on site on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class HazardForm(forms.ModelForm):
    class Meta:
        model = Hazard
        fields = ["step", "category", "description", "source", "likelihood", "severity", "control_measures"]
        widgets = {
            "source": forms.Textarea(attrs={"rows": 2}),
            "control_measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, plan: HaccpPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = plan.steps.all()
        rows, cols = rating.scale_max()
        self.fields["likelihood"] = forms.TypedChoiceField(
            label=_("Likelihood"), coerce=int, choices=[(n, n) for n in range(1, rows + 1)]
        )
        self.fields["severity"] = forms.TypedChoiceField(
            label=_("Severity"), coerce=int, choices=[(n, n) for n in range(1, cols + 1)]
        )
        style_fields(self)


class OprpForm(forms.Form):
    justification = forms.CharField(label=_("Why an OPRP"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ControlPointForm(forms.ModelForm):
    class Meta:
        model = ControlPoint
        fields = [
            "code",
            "limit_min",
            "limit_max",
            "unit",
            "limit_text",
            "limit_source",
            "monitoring_what",
            "monitoring_how",
            "monitoring_frequency",
            "monitoring_who",
            "corrective_actions",
            "verification",
            "records",
        ]
        widgets = {
            "limit_text": forms.Textarea(attrs={"rows": 2}),
            "corrective_actions": forms.Textarea(attrs={"rows": 2}),
            "verification": forms.Textarea(attrs={"rows": 2}),
            "records": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["monitoring_who"].queryset = organization_selectors.person_list(user)
        style_fields(self)

    def _post_clean(self) -> None:
        # The service validates the whole record (the hazard is set there).
        pass


class MonitoringRecordForm(forms.Form):
    control_point = forms.ModelChoiceField(label=_("Control point"), queryset=None)
    measured_at = forms.DateTimeField(label=_("Measured at"), widget=DateTimeInput())
    value = forms.DecimalField(label=_("Measured value"), required=False, max_digits=10, decimal_places=2)
    observation = forms.CharField(
        label=_("Observation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_owner = forms.ModelChoiceField(
        label=_("If out of limits: corrective action owner"), required=False, queryset=None
    )
    action_due_on = forms.DateField(label=_("Action due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, plan: HaccpPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["control_point"].queryset = ControlPoint.objects.filter(hazard__step__plan=plan).order_by(
            "code"
        )
        self.fields["action_owner"].queryset = organization_selectors.person_list(user)
        style_fields(self)

"""Forms of the indicators module: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, style_fields
from qsse.core.permissions import scope_queryset
from qsse.core.registry import indicator_sources
from qsse.organization import selectors as organization_selectors
from qsse.processes.models import Process

from . import selectors
from .choices import ObjectiveLevel
from .models import Indicator, Objective, Policy


def _people(user: Any):
    return organization_selectors.person_list(user).filter(is_active=True).order_by("last_name", "first_name")


def _processes(user: Any):
    return scope_queryset(user, Process.objects.filter(is_active=True), Operation.VIEW).order_by("code")


def computed_source_choices() -> list[tuple[str, str]]:
    return [("", "—")] + sorted(
        ((key, f"{source.label} ({source.unit})") for key, source in indicator_sources.items()),
        key=lambda item: item[1],
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["title", "version", "text", "signed_by", "signed_on", "is_current"]
        widgets = {"signed_on": DateInput(), "text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].queryset = _people(user)
        style_fields(self)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class IndicatorForm(forms.ModelForm):
    computed_source = forms.ChoiceField(label=_("Computed from"), required=False, choices=())

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "domain",
            "definition",
            "process",
            "site",
            "is_split_by_site",
            "owner",
            "unit",
            "direction",
            "target",
            "alert_threshold",
            "frequency",
            "source",
            "computed_source",
            "decimals",
            "is_active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computed_source"].choices = computed_source_choices()
        self.fields["process"].queryset = _processes(user)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["site"].empty_label = _("Whole organisation")
        self.fields["owner"].queryset = _people(user)
        style_fields(self)

    def clean_code(self) -> str:
        return (self.cleaned_data["code"] or "").strip().upper()

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "level",
            "policy",
            "parent",
            "process",
            "site",
            "domain",
            "title",
            "measurable_statement",
            "indicator",
            "baseline_value",
            "target_value",
            "target_date",
            "owner",
            "justification",
            "status",
        ]
        widgets = {
            "target_date": DateInput(),
            "measurable_statement": forms.Textarea(attrs={"rows": 2}),
            "justification": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = selectors.policy_list(user)
        self.fields["parent"].queryset = selectors.objective_list(user).filter(level=ObjectiveLevel.STRATEGIC)
        self.fields["process"].queryset = _processes(user)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["site"].empty_label = _("Whole organisation")
        self.fields["indicator"].queryset = selectors.indicator_list(user).filter(is_active=True)
        self.fields["owner"].queryset = _people(user)
        style_fields(self)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("level", "title")}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: indicator code, period (date or YYYY-MM), value, site code (optional), comment."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        style_fields(self)


class SeriesSiteForm(forms.Form):
    """Which site's values an organisation-wide indicator split by site shows."""

    site = forms.ModelChoiceField(
        label=_("Site"), queryset=None, required=False, empty_label=_("Whole organisation")
    )

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        style_fields(self, small=True)


class DashboardFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All"))
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    interval = forms.IntegerField(label=_("Refresh every (s)"), required=False, min_value=15, max_value=3600)

    def __init__(self, *args, user: Any, **kwargs):
        from .choices import Domain

        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["domain"].choices = [("", _("All"))] + list(Domain.choices)
        style_fields(self, small=True)

"""Forms of the action pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, style_fields
from qsse.core.permissions import scope_queryset
from qsse.organization import selectors as organization_selectors
from qsse.processes.models import Process

from .choices import ActionStatus, EfficacyResult
from .models import Action
from .services import FOLLOW_UP_NEW_ACTION, FOLLOW_UP_REOPEN


class ActionForm(forms.ModelForm):
    """Create or edit an action. ``user`` limits owners, sites and processes to what they may see."""

    class Meta:
        model = Action
        fields = [
            "title",
            "type",
            "priority",
            "description",
            "owner",
            "due_on",
            "site",
            "process",
            "human_resources",
            "estimated_days",
            "material_resources",
            "estimated_cost",
            "efficacy_criterion",
            "efficacy_check_due_on",
        ]
        widgets = {
            "due_on": DateInput(),
            "efficacy_check_due_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "efficacy_criterion": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "efficacy_criterion": _("How the efficacy will be judged, e.g. “no recurrence within 3 months”."),
            "efficacy_check_due_on": _("On or after the due date."),
        }

    edit_only_fields = ("progress", "actual_cost")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["progress"] = forms.IntegerField(
                label=_("Progress (%)"), min_value=0, max_value=100, initial=self.instance.progress
            )
            self.fields["actual_cost"] = forms.DecimalField(
                label=_("Actual cost (€)"),
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=self.instance.actual_cost,
            )
        self.fields["owner"].queryset = organization_selectors.person_list(user).order_by(
            "last_name", "first_name"
        )
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["process"].queryset = scope_queryset(
            user, Process.objects.filter(is_active=True), Operation.VIEW
        )
        for name in ("estimated_days", "estimated_cost"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = "0"
        self.fields["title"].widget.attrs["autofocus"] = True
        style_fields(self)

    def cleaned_fields(self) -> dict[str, Any]:
        """The values to pass to the services."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class StatusForm(forms.Form):
    # Every status is accepted here so that the service explains a refused move (e.g. to "checked").
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)


class EfficacyForm(forms.Form):
    FOLLOW_UP_CHOICES = [
        ("", _("Keep it as not effective (decide later)")),
        (FOLLOW_UP_REOPEN, _("Reopen this action")),
        (FOLLOW_UP_NEW_ACTION, _("Create a new action")),
    ]

    result = forms.ChoiceField(label=_("Result"), choices=EfficacyResult.choices, widget=forms.RadioSelect)
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput(), initial=timezone.localdate)
    comment = forms.CharField(
        label=_("Evidence and comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.ChoiceField(label=_("If not effective"), choices=FOLLOW_UP_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("result") == EfficacyResult.NOT_EFFECTIVE and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Explain why the action was not effective."))
        if data.get("result") == EfficacyResult.EFFECTIVE:
            data["follow_up"] = ""
        return data

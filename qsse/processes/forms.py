from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qsse.organization.selectors import person_list

from . import selectors
from .models import Process
from .services import SHEET_FIELDS, STRUCTURE_FIELDS, manages_process_map

TEXTAREA = forms.Textarea(attrs={"rows": 3, "class": "form-control"})


class ProcessForm(forms.ModelForm):
    """The process sheet; for a process owner who does not manage the map, structure fields are read-only."""

    class Meta:
        model = Process
        fields = [
            "code",
            "name",
            "kind",
            "owner",
            "position",
            "purpose",
            "inputs",
            "outputs",
            "resources",
            "performance_objectives",
            "indicators",
        ]
        widgets = {
            "code": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "kind": forms.Select(attrs={"class": "form-select"}),
            "owner": forms.Select(attrs={"class": "form-select"}),
            "position": forms.NumberInput(attrs={"class": "form-control", "min": 0}),
            "purpose": TEXTAREA,
            "inputs": TEXTAREA,
            "outputs": TEXTAREA,
            "resources": TEXTAREA,
            "performance_objectives": TEXTAREA,
            "indicators": TEXTAREA,
        }
        help_texts = {
            "code": _("Short identifier shown on the map, for example R05."),
            "position": _("Order of the process in its band of the map, from left to right."),
            "inputs": _("One input per line: what the process receives, and from whom."),
            "outputs": _("One output per line: what the process delivers, and to whom."),
            "indicators": _("One indicator per line, with its target."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        owner_field.queryset = person_list(user).order_by("last_name", "first_name")  # type: ignore[attr-defined]
        owner_field.empty_label = _("— no owner yet —")  # type: ignore[attr-defined]
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.fields["position"].help_text = _("Leave empty to place the process at the end of its band.")
            self.initial.pop("position", None)
        if not manages_process_map(user):
            for name in STRUCTURE_FIELDS:
                self.fields[name].disabled = True

    def structure_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in STRUCTURE_FIELDS]

    def sheet_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SHEET_FIELDS]

    def service_data(self) -> dict[str, Any]:
        """The cleaned values to hand to the services (read-only fields left out)."""
        return {name: value for name, value in self.cleaned_data.items() if not self.fields[name].disabled}

    def _post_clean(self) -> None:
        # Model validation (uniqueness included) is the services' job: they call full_clean().
        pass


class InteractionForm(forms.Form):
    OUTGOING = "outgoing"
    INCOMING = "incoming"

    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[(OUTGOING, _("This process delivers to")), (INCOMING, _("This process receives from"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    other = forms.ModelChoiceField(
        label=_("Other process"),
        queryset=Process.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    flow = forms.CharField(
        label=_("What flows"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        help_text=_("For example: validated purchase orders, qualified suppliers, calibrated gauges."),
    )

    def __init__(self, *args: Any, user: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, prefix="interaction", **kwargs)
        self.process = process
        self.fields["other"].queryset = (  # type: ignore[attr-defined]
            selectors.process_list(user, active=True).exclude(pk=process.pk).order_by("code")
        )
        if not manages_process_map(user):
            # A process owner declares what their own process delivers.
            self.fields["direction"].choices = [(self.OUTGOING, _("This process delivers to"))]

    def endpoints(self) -> tuple[Process, Process]:
        """(source, target) of the interaction described by the form."""
        other = self.cleaned_data["other"]
        if self.cleaned_data["direction"] == self.OUTGOING:
            return self.process, other
        return other, self.process


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Show a services' ValidationError on the form, on its fields when they are on the form.

    ``aliases`` maps a model field name to the form field showing it ({"target": "other"}).
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (aliases or {}).get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)

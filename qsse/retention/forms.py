"""Forms of the retention pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import style_fields

from . import selectors
from .models import RecordType


class RecordTypeForm(forms.ModelForm):
    class Meta:
        model = RecordType
        fields = [
            "code",
            "name_fr",
            "name_en",
            "provider_key",
            "period_years",
            "period_months",
            "reference_event",
            "rounding",
            "end_action",
            "legal_basis",
            "legal_reference",
            "source_url",
            "to_verify",
            "notes",
            "is_active",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider_key"] = forms.ChoiceField(
            label=_("Records in OpenQSSE"),
            required=False,
            choices=[("", _("None: records kept elsewhere"))] + selectors.provider_choices(),
            help_text=RecordType._meta.get_field("provider_key").help_text,
        )
        if self.instance.pk and self.instance.is_shipped:
            self.fields["code"].disabled = True
        style_fields(self)


class SubjectAccessForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    received_on = forms.DateField(
        label=_("Request received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the request came in, how the identity was checked."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.person_choices(user)
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.last_name} {person.first_name}" + (f" ({person.site})" if person.site_id else "")
        )
        self.fields["received_on"].initial = timezone.localdate()
        style_fields(self)


class InventoryNoteForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

"""Forms of the document pages: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qsse.core.choices import Role
from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors
from qsse.organization.models import Department, Person
from qsse.processes import selectors as process_selectors

from .choices import SECTIONS
from .models import Document, DocumentType


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DocumentType) -> str:
        return f"{obj.name} ({obj.prefix})"


class DocumentForm(forms.ModelForm):
    document_type = TypeChoiceField(label=_("Document type"), queryset=DocumentType.objects.all())
    distribution_roles = forms.MultipleChoiceField(
        label=_("To be read by (roles)"), choices=Role.choices, required=False, widget=forms.SelectMultiple
    )

    class Meta:
        model = Document
        fields = [
            "document_type",
            "title",
            "owner",
            "process",
            "department",
            "sites",
            "confidentiality",
            "granted_people",
            "content_kind",
            "review_months",
            "distribution_people",
            "distribution_roles",
            "distribution_sites",
            "paper_location",
            "paper_reference",
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = organization_selectors.person_list(user).filter(is_active=True)
        sites = organization_selectors.site_list(user)
        self.fields["owner"].queryset = people
        self.fields["granted_people"].queryset = people
        self.fields["distribution_people"].queryset = people
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["department"].queryset = Department.objects.select_related("site")
        self.fields["sites"].queryset = sites
        self.fields["distribution_sites"].queryset = sites
        self.fields["review_months"].required = False
        if self.instance.pk:
            del self.fields["document_type"]
        style_fields(self)

    def cleaned_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if not data.get("review_months"):
            data.pop("review_months", None)
        data["distribution_roles"] = list(data.get("distribution_roles") or [])
        return data


class VersionForm(forms.Form):
    """The structured editor: the ISO 10013 sections (Markdown), or the uploaded file."""

    change_description = forms.CharField(
        label=_("Description of the change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_major = forms.BooleanField(
        label=_("Major change (readers must read it again)"), required=False, initial=True
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"), queryset=Person.objects.none(), required=False
    )
    approvers = forms.ModelMultipleChoiceField(
        label=_("Approvers"), queryset=Person.objects.none(), required=False
    )
    file = forms.FileField(label=_("File (PDF, Word, Excel)"), required=False)

    def __init__(self, *args: Any, user: Any = None, written: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = organization_selectors.person_list(user).filter(is_active=True, user__isnull=False)
        self.fields["reviewers"].queryset = people
        self.fields["approvers"].queryset = people
        if written:
            del self.fields["file"]
            for key, label in SECTIONS:
                self.fields[key] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6 if key == "description" else 3}),
                    help_text=_("Markdown: **bold**, *italic*, lists with -, tables."),
                )
        style_fields(self)
        self.written = written

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _label in SECTIONS} if self.written else {}


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Re-enter your password: it is your electronic signature."),
    )
    comment = forms.CharField(label=pgettext_lazy("signature", "Comment"), required=False, max_length=500)
    confirm = forms.BooleanField(label=_("I sign this version with the meaning shown above."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class NewVersionForm(forms.Form):
    is_major = forms.TypedChoiceField(
        label=_("Kind of change"),
        choices=[("1", _("Major (x+1.0): readers read it again")), ("0", _("Minor (x.y+1): correction"))],
        coerce=lambda value: value == "1",
        initial="1",
    )
    change_description = forms.CharField(
        label=_("Description of the change"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

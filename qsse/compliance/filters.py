"""Filters of the compliance register (list and Excel export)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors

from . import rating, selectors
from .choices import ConformityStatus, Theme
from .models import ComplianceAssessment

YES_NO = [("true", _("Yes")), ("false", _("No"))]


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _sites(request):
    return organization_selectors.site_list(_user(request))


def _libraries(request):
    return selectors.library_list(_user(request))


class AssessmentFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    library = ModelChoiceFilter(label=_("Library"), field_name="requirement__library", queryset=_libraries)
    theme = ChoiceFilter(label=_("Theme"), field_name="requirement__theme", choices=Theme.choices)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    status = ChoiceFilter(label=_("Conformity"), choices=ConformityStatus.choices)
    gap_level = ChoiceFilter(label=_("Gap criticality"), choices=rating.level_choices)
    is_applicable = BooleanFilter(label=_("Applicable"))
    needs_review = BooleanFilter(label=_("To review (watch)"))
    to_verify = BooleanFilter(label=_("To verify"), field_name="requirement__to_verify")

    class Meta:
        model = ComplianceAssessment
        fields = [
            "q",
            "library",
            "theme",
            "site",
            "status",
            "gap_level",
            "is_applicable",
            "needs_review",
            "to_verify",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("Reference, title…")
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(requirement__reference__icontains=word) | Q(requirement__title__icontains=word)
        return queryset.filter(condition)

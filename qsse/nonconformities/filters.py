"""Filters of the non-conformity list, its Excel export and the API."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, DateFilter, FilterSet, ModelChoiceFilter

from qsse.core.forms import DateInput, style_fields
from qsse.core.search_indexes import text_filter
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .choices import Category, NonconformityKind, NonconformityStatus, Origin, Severity
from .models import Nonconformity
from .selectors import OPEN_STATUSES

NOT_CLOSED = "not_closed"


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _sites(request):
    return organization_selectors.site_list(_user(request))


def _processes(request):
    return process_selectors.process_list(_user(request), active=True)


class NonconformityFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    kind = ChoiceFilter(label=_("Kind"), choices=NonconformityKind.choices)
    status = ChoiceFilter(
        label=_("Status"),
        choices=[(NOT_CLOSED, _("Not closed")), *NonconformityStatus.choices],
        method="filter_status",
    )
    origin = ChoiceFilter(label=_("Origin"), choices=Origin.choices)
    category = ChoiceFilter(label=_("Category"), choices=Category.choices)
    severity = ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    process = ModelChoiceFilter(label=_("Process"), queryset=_processes)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    detected_after = DateFilter(
        label=_("Detected from"), field_name="detected_on", lookup_expr="gte", widget=DateInput
    )
    detected_before = DateFilter(
        label=_("Detected until"), field_name="detected_on", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Nonconformity
        fields = ["q", "kind", "status", "origin", "category", "severity", "process", "site"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("Reference, title, part, lot, customer…")
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        return text_filter(queryset, value, every_word=True)

    def filter_status(self, queryset, name, value):
        if value == NOT_CLOSED:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

"""Filters of the audit list, its Excel export and the API."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter, NumberFilter

from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .choices import AuditKind, AuditStatus
from .models import Audit


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


class AuditFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    kind = ChoiceFilter(label=_("Kind"), choices=AuditKind.choices)
    status = ChoiceFilter(label=_("Status"), choices=AuditStatus.choices)
    site = ModelChoiceFilter(label=_("Site"), queryset=lambda r: organization_selectors.site_list(_user(r)))
    process = ModelChoiceFilter(
        label=_("Process"), queryset=lambda r: process_selectors.process_list(_user(r), active=True)
    )
    year = NumberFilter(label=_("Year"), field_name="planned_start", lookup_expr="year")

    class Meta:
        model = Audit
        fields = ["q", "kind", "status", "site", "process", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(supplier_name__icontains=value)
        )

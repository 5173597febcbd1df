"""Filters of the indicator list and the API."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import style_fields
from qsse.core.listing import label_empty_choices
from qsse.core.permissions import scope_queryset
from qsse.organization import selectors as organization_selectors
from qsse.processes.models import Process

from .choices import Domain, Source
from .models import Indicator


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _sites(request):
    return organization_selectors.site_list(_user(request))


def _processes(request):
    return scope_queryset(_user(request), Process.objects.filter(is_active=True), Operation.VIEW)


class IndicatorFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    domain = ChoiceFilter(label=_("Domain"), choices=Domain.choices)
    source = ChoiceFilter(label=_("Source of the values"), choices=Source.choices)
    process = ModelChoiceFilter(label=_("Process"), queryset=_processes)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    is_active = BooleanFilter(label=_("Active"))

    class Meta:
        model = Indicator
        fields = ["q", "domain", "source", "process", "site", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("Code or name…")
        label_empty_choices(self.form)
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset

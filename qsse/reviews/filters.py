"""Filters of the review lists, their Excel exports and the API."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter, NumberFilter

from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .choices import ManagementReviewStatus, ProcessReviewStatus
from .models import ManagementReview, ProcessReview


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _sites(request):
    return organization_selectors.site_list(_user(request))


def _processes(request):
    return process_selectors.process_list(_user(request))


class ManagementReviewFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    status = ChoiceFilter(label=_("Status"), choices=ManagementReviewStatus.choices)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    year = NumberFilter(label=_("Year"), field_name="held_on", lookup_expr="year")

    class Meta:
        model = ManagementReview
        fields = ["q", "status", "site", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(reference__icontains=word) | Q(title__icontains=word))
        return queryset


class ProcessReviewFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    process = ModelChoiceFilter(label=_("Process"), queryset=_processes)
    status = ChoiceFilter(label=_("Status"), choices=ProcessReviewStatus.choices)
    year = NumberFilter(label=_("Year"), field_name="held_on", lookup_expr="year")

    class Meta:
        model = ProcessReview
        fields = ["q", "process", "status", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(process__name__icontains=word)
                | Q(process__code__icontains=word)
            )
        return queryset

"""Filters of the HACCP plan list."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors

from .choices import PlanStatus
from .models import HaccpPlan


def _sites(request):
    return organization_selectors.site_list(getattr(request, "user", None) or AnonymousUser())


class PlanFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    status = ChoiceFilter(label=_("Status"), choices=PlanStatus.choices)

    class Meta:
        model = HaccpPlan
        fields = ["q", "site", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(product_name__icontains=value)
        )

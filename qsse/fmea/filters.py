"""Filters of the FMEA list and its Excel export."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .choices import FmeaKind, FmeaStatus
from .models import Fmea


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _sites(request):
    return organization_selectors.site_list(_user(request))


def _processes(request):
    return process_selectors.process_list(_user(request), active=True)


class FmeaFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    kind = ChoiceFilter(label=_("Kind"), choices=FmeaKind.choices)
    status = ChoiceFilter(label=_("Status"), choices=FmeaStatus.choices)
    process = ModelChoiceFilter(label=_("Process"), queryset=_processes)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)

    class Meta:
        model = Fmea
        fields = ["q", "kind", "status", "process", "site"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("Reference, title, part…")
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(reference__icontains=word) | Q(title__icontains=word) | Q(product__icontains=word)
        return queryset.filter(condition)

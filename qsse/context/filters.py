"""Filters of the register of risks and opportunities, its Excel export, the heat-map drill-down
and the API; and of the list of interested parties."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter, NumberFilter

from qsse.core.forms import style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import selectors
from .choices import OPEN_RISK_STATUSES, PartyCategory, RiskKind, RiskStatus
from .models import InterestedParty, RiskOpportunity

NOT_CLOSED = "not_closed"


def _user(request):
    return getattr(request, "user", None) or AnonymousUser()


def _sites(request):
    return organization_selectors.site_list(_user(request))


def _processes(request):
    return process_selectors.process_list(_user(request), active=True)


def _people(request):
    return organization_selectors.person_list(_user(request)).order_by("last_name", "first_name")


def _levels(request):
    return selectors.level_choices()


class RiskFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    kind = ChoiceFilter(label=_("Kind"), choices=RiskKind.choices)
    process = ModelChoiceFilter(label=_("Process"), queryset=_processes)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    level = ModelChoiceFilter(label=_("Level"), queryset=_levels)
    status = ChoiceFilter(
        label=_("Status"),
        choices=[(NOT_CLOSED, _("Not closed")), *RiskStatus.choices],
        method="filter_status",
    )
    owner = ModelChoiceFilter(label=_("Owner"), queryset=_people)
    is_significant = BooleanFilter(label=_("Significant"))
    probability = NumberFilter(label=_("Probability"))
    impact = NumberFilter(label=_("Impact"))
    residual_probability = NumberFilter(label=_("Residual probability"))
    residual_impact = NumberFilter(label=_("Residual impact"))

    class Meta:
        model = RiskOpportunity
        fields = [
            "q",
            "kind",
            "process",
            "site",
            "level",
            "status",
            "owner",
            "is_significant",
            "probability",
            "impact",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = _("Reference, title…")
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= (
                Q(reference__icontains=word) | Q(title__icontains=word) | Q(description__icontains=word)
            )
        return queryset.filter(condition)

    def filter_status(self, queryset, name, value):
        if value == NOT_CLOSED:
            return queryset.filter(status__in=OPEN_RISK_STATUSES)
        return queryset.filter(status=value)


class PartyFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text")
    category = ChoiceFilter(label=_("Category"), choices=PartyCategory.choices)
    site = ModelChoiceFilter(label=_("Site"), queryset=_sites)
    is_relevant = BooleanFilter(label=pgettext_lazy("interested party", "Relevant"))
    process = ModelChoiceFilter(label=_("Process"), queryset=_processes, field_name="processes")

    class Meta:
        model = InterestedParty
        fields = ["q", "category", "site", "is_relevant", "process"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(name__icontains=word) | Q(needs__icontains=word) | Q(expectations__icontains=word)
        return queryset.filter(condition)

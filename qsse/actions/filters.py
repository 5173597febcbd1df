"""Filters of the action list, the Kanban board and the API."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import (
    BooleanFilter,
    CharFilter,
    ChoiceFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
)

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, style_fields
from qsse.core.permissions import scope_queryset
from qsse.core.search_indexes import text_filter
from qsse.organization import selectors as organization_selectors
from qsse.processes.models import Process

from . import origins
from .choices import OPEN_STATUSES, ActionPriority, ActionStatus, ActionType
from .models import Action

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _owners(request):
    return organization_selectors.person_list(request.user).order_by("last_name", "first_name")


def _sites(request):
    return organization_selectors.site_list(request.user)


def _processes(request):
    return scope_queryset(request.user, Process.objects.filter(is_active=True), Operation.VIEW)


def _origin_types(request):
    """The registered origin kinds that have at least one action: one index probe per kind on
    (origin_content_type, origin_object_id), where ``SELECT DISTINCT`` would read every action."""
    kinds = ContentType.objects.get_for_models(*origins.origin_models()).values()
    return ContentType.objects.filter(pk__in=[kind.pk for kind in kinds]).filter(
        Exists(Action.objects.filter(origin_content_type=OuterRef("pk")))
    )


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return capfirst(str(model._meta.verbose_name)) if model else obj.model


class OriginTypeFilter(ModelChoiceFilter):
    field_class = ContentTypeChoiceField


def overdue_q(today=None) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today or timezone.localdate())


class ActionFilter(FilterSet):
    q = CharFilter(method="search", label=_("Reference or title"))
    status = ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    type = ChoiceFilter(choices=ActionType.choices, label=_("Type"))
    overdue = ChoiceFilter(choices=YES_NO, method="filter_overdue", label=_("Overdue"))
    owner = ModelChoiceFilter(queryset=_owners, label=_("Owner"))
    process = ModelChoiceFilter(queryset=_processes, label=_("Process"))
    site = ModelChoiceFilter(queryset=_sites, label=_("Site"))
    origin_type = OriginTypeFilter(
        field_name="origin_content_type", queryset=_origin_types, label=_("Origin type")
    )
    priority = ChoiceFilter(choices=ActionPriority.choices, label=_("Priority"))
    due_after = DateFilter(field_name="due_on", lookup_expr="gte", label=_("Due from"), widget=DateInput())
    due_before = DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due until"), widget=DateInput())
    checked_after = DateFilter(
        field_name="efficacy_checked_on",
        lookup_expr="gte",
        label=_("Efficacy checked from"),
        widget=DateInput(),
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return text_filter(queryset, value)

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(overdue_q())
        if value == "no":
            return queryset.exclude(overdue_q())
        return queryset


class ActionBoardFilter(ActionFilter):
    """The board shows every status in its columns: no status, overdue-only or date filters there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "origin_type", "due_after", "due_before", "checked_after"):
            self.filters.pop(name, None)
            self.form.fields.pop(name, None)


class ActionApiFilter(FilterSet):
    status = ChoiceFilter(choices=ActionStatus.choices)
    type = ChoiceFilter(choices=ActionType.choices)
    priority = ChoiceFilter(choices=ActionPriority.choices)
    overdue = BooleanFilter(method="filter_overdue", label="overdue")
    due_after = DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["status", "type", "owner", "process", "site", "priority"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

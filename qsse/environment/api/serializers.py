"""Serializers of the environmental analysis API: reads show the stored score; writes feed the services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from qsse.actions.choices import ActionType
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .. import selectors
from ..models import Activity, EnvironmentalAnalysis, EnvironmentalAspect


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class _Visible(serializers.PrimaryKeyRelatedField):
    selector = None

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", type(self).selector(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return type(self).selector(_user(self))


class _Person(_Visible):
    selector = staticmethod(organization_selectors.person_list)


class _Site(_Visible):
    selector = staticmethod(organization_selectors.site_list)


class _Process(_Visible):
    selector = staticmethod(process_selectors.process_list)


class _Analysis(_Visible):
    selector = staticmethod(selectors.analysis_list)


def _activities(user):
    from qsse.core.permissions import scope_queryset

    return scope_queryset(user, Activity.objects.all())


class _Activity(_Visible):
    selector = staticmethod(_activities)


class EnvironmentalAnalysisSerializer(serializers.ModelSerializer):
    site = _Site()
    owner = _Person()

    class Meta:
        model = EnvironmentalAnalysis
        fields = [
            "id",
            "reference",
            "title",
            "site",
            "version",
            "previous",
            "analysed_on",
            "status",
            "owner",
            "scope",
            "life_cycle_note",
            "approved_on",
            "approved_by_name",
        ]
        read_only_fields = [
            "id",
            "reference",
            "version",
            "previous",
            "status",
            "approved_on",
            "approved_by_name",
        ]


class EnvironmentalActivitySerializer(serializers.ModelSerializer):
    analysis = _Analysis()
    process = _Process(required=False, allow_null=True)

    class Meta:
        model = Activity
        fields = ["id", "analysis", "name", "process", "description", "life_cycle_stage", "order"]


class EnvironmentalAspectSerializer(serializers.ModelSerializer):
    activity = _Activity()
    significance_reasons = serializers.SerializerMethodField()

    class Meta:
        model = EnvironmentalAspect
        fields = [
            "id",
            "activity",
            "aspect",
            "impact",
            "compartment",
            "condition",
            "life_cycle_stage",
            "control_type",
            "existing_controls",
            "legal_requirement",
            "severity",
            "frequency",
            "control",
            "score",
            "is_significant",
            "significance_reasons",
            "objective",
        ]
        read_only_fields = ["id", "score", "is_significant", "significance_reasons", "objective"]

    def get_significance_reasons(self, obj: EnvironmentalAspect) -> list[str]:
        return obj.reason_codes()


class EnvironmentalAspectActionSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    owner = _Person()
    due_on = serializers.DateField()
    type = serializers.ChoiceField(choices=ActionType.choices, default=ActionType.PREVENTIVE)
    efficacy_criterion = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class EnvironmentalActionCreatedSerializer(serializers.Serializer):
    action = serializers.IntegerField()
    reference = serializers.CharField()


class EnvironmentalSummaryCellSerializer(serializers.Serializer):
    compartment = serializers.CharField()
    condition = serializers.CharField()
    significant = serializers.IntegerField()
    total = serializers.IntegerField()

"""Serializers of the industrial risk control plan API: reads show the stored rating; writes feed
the services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from qsse.organization import selectors as organization_selectors

from .. import selectors
from ..models import (
    DangerousPhenomenon,
    Drill,
    EmergencyContact,
    EmergencyPlan,
    EmergencyProcedure,
    EmergencyResource,
    SafetyMeasure,
)


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


class _Phenomenon(_Visible):
    selector = staticmethod(selectors.phenomenon_list)


class _Plan(_Visible):
    selector = staticmethod(selectors.plan_list)


class IndustrialMeasureSerializer(serializers.ModelSerializer):
    phenomenon = _Phenomenon()
    action_reference = serializers.CharField(source="action.reference", read_only=True, default="")

    class Meta:
        model = SafetyMeasure
        fields = ["id", "phenomenon", "description", "role", "status", "action", "action_reference"]
        read_only_fields = ["id", "action", "action_reference"]


class _MeasureRead(serializers.ModelSerializer):
    class Meta:
        model = SafetyMeasure
        fields = ["id", "description", "role", "status", "action"]


class DangerousPhenomenonSerializer(serializers.ModelSerializer):
    site = _Site()
    owner = _Person()
    measures = _MeasureRead(many=True, read_only=True)
    residual_probability = serializers.IntegerField(min_value=1, required=False)
    residual_gravity = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = DangerousPhenomenon
        fields = [
            "id",
            "reference",
            "site",
            "installation",
            "kind",
            "title",
            "scenario",
            "consequences",
            "probability",
            "gravity",
            "residual_probability",
            "residual_gravity",
            "score",
            "level",
            "residual_score",
            "residual_level",
            "is_significant",
            "owner",
            "measures",
        ]
        read_only_fields = [
            "id",
            "reference",
            "score",
            "level",
            "residual_score",
            "residual_level",
            "is_significant",
        ]


class IndustrialMeasureActionSerializer(serializers.Serializer):
    owner = _Person()
    due_on = serializers.DateField()
    efficacy_criterion = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class _Procedure(serializers.ModelSerializer):
    class Meta:
        model = EmergencyProcedure
        fields = ["id", "phenomenon", "scenario", "steps", "order"]


class _Contact(serializers.ModelSerializer):
    class Meta:
        model = EmergencyContact
        fields = ["id", "category", "name", "organisation", "phone", "alternate_phone", "notes", "order"]


class _Resource(serializers.ModelSerializer):
    class Meta:
        model = EmergencyResource
        fields = ["id", "kind", "description", "location", "quantity"]


class EmergencyPlanSerializer(serializers.ModelSerializer):
    site = _Site()
    owner = _Person()
    procedures = _Procedure(many=True, read_only=True)
    contacts = _Contact(many=True, read_only=True)
    resources = _Resource(many=True, read_only=True)

    class Meta:
        model = EmergencyPlan
        fields = [
            "id",
            "site",
            "title",
            "revision",
            "revised_on",
            "owner",
            "alert_procedure",
            "assembly_point",
            "drill_interval_months",
            "notes",
            "procedures",
            "contacts",
            "resources",
        ]


class DrillSerializer(serializers.ModelSerializer):
    plan = _Plan()

    class Meta:
        model = Drill
        fields = [
            "id",
            "reference",
            "plan",
            "held_on",
            "procedure",
            "scenario",
            "participants",
            "external_services",
            "duration_minutes",
            "findings",
        ]
        read_only_fields = ["id", "reference"]
        extra_kwargs = {"scenario": {"required": False, "allow_blank": True}}

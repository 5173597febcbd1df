"""Serializers of the surveillance API: reads show computed values; writes feed the services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .. import selectors
from ..models import ControlPoint, ControlResult, SurveillancePlan


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


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


class VisiblePersonField(_Visible):
    selector = staticmethod(organization_selectors.person_list)


class VisibleSiteField(_Visible):
    selector = staticmethod(organization_selectors.site_list)


class VisibleProcessField(_Visible):
    selector = staticmethod(process_selectors.process_list)


class VisiblePlanField(_Visible):
    selector = staticmethod(selectors.plan_list)


class SurveillancePlanSerializer(serializers.ModelSerializer):
    site = VisibleSiteField(required=False, allow_null=True)
    process = VisibleProcessField(required=False, allow_null=True)
    owner = VisiblePersonField()
    control_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveillancePlan
        fields = [
            "id",
            "title",
            "description",
            "site",
            "process",
            "owner",
            "status",
            "control_count",
            "overdue_count",
        ]


class SurveillanceControlPointSerializer(serializers.ModelSerializer):
    plan = VisiblePlanField()
    responsible = VisiblePersonField()
    risk_type = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text="e.g. context.riskopportunity"
    )
    risk_id = serializers.IntegerField(write_only=True, required=False, allow_null=True)
    status = serializers.SerializerMethodField()
    residual_score = serializers.IntegerField(read_only=True, allow_null=True)
    residual_level = serializers.CharField(read_only=True)
    risk_label = serializers.CharField(read_only=True)
    risk_score = serializers.IntegerField(read_only=True, allow_null=True)
    risk_level = serializers.CharField(read_only=True)

    class Meta:
        model = ControlPoint
        fields = [
            "id",
            "plan",
            "reference",
            "risk_type",
            "risk_id",
            "risk_label",
            "risk_score",
            "risk_level",
            "residual_frequency",
            "residual_gravity",
            "residual_score",
            "residual_level",
            "what",
            "method",
            "interval_unit",
            "interval_count",
            "responsible",
            "limit_kind",
            "minimum",
            "maximum",
            "unit",
            "expected_answer",
            "record_to_keep",
            "next_due_on",
            "last_done_on",
            "is_active",
            "status",
        ]
        read_only_fields = ["last_done_on"]

    def get_status(self, obj: ControlPoint) -> str:
        """on_time, due_soon, overdue or inactive (as of today)."""
        return selectors.status_of(obj, timezone.localdate())


class SurveillanceResultSerializer(serializers.ModelSerializer):
    control_point = serializers.PrimaryKeyRelatedField(read_only=True)
    performed_by = serializers.PrimaryKeyRelatedField(read_only=True)
    nonconformity_reference = serializers.SerializerMethodField()

    class Meta:
        model = ControlResult
        fields = [
            "id",
            "control_point",
            "performed_on",
            "performed_by",
            "value",
            "is_pass",
            "comment",
            "is_within_limits",
            "nonconformity",
            "nonconformity_reference",
        ]
        read_only_fields = fields

    def get_nonconformity_reference(self, obj: ControlResult) -> str | None:
        return obj.nonconformity.reference if obj.nonconformity_id else None


class SurveillanceResultWriteSerializer(serializers.Serializer):
    control_point = serializers.IntegerField()
    performed_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, allow_null=True)
    is_pass = serializers.BooleanField(required=False, allow_null=True, default=None)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SurveillanceCalendarQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    site = serializers.IntegerField(required=False)
    responsible = serializers.IntegerField(required=False)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise ValidationError({"end": "end must not be before start"})
        if (attrs["end"] - attrs["start"]).days > 400:
            raise ValidationError({"end": "the window is limited to 400 days"})
        return attrs


class SurveillanceDueControlSerializer(serializers.Serializer):
    control_point = serializers.IntegerField(source="point.pk")
    reference = serializers.CharField(source="point.reference")
    what = serializers.CharField(source="point.what")
    plan = serializers.IntegerField(source="point.plan_id")
    site = serializers.IntegerField(source="point.plan.site_id", allow_null=True)
    responsible = serializers.IntegerField(source="point.responsible_id")
    due_on = serializers.DateField()
    status = serializers.CharField()

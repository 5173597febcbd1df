"""Serializers of the inspections API: reads show computed values; writes feed the services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors
from qsse.organization.models import WorkUnit

from .. import selectors
from ..choices import ObservationSeverity, ScheduleStatus, VisitResult
from ..models import (
    Equipment,
    EquipmentKind,
    InspectionSchedule,
    InspectionType,
    InspectionVisit,
    Observation,
)


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


class EquipmentKindSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = EquipmentKind
        fields = ["id", "code", "name", "name_fr", "name_en", "is_shipped"]
        read_only_fields = fields


class InspectionTypeSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=EquipmentKind.objects.all())
    title = serializers.CharField(read_only=True)

    class Meta:
        model = InspectionType
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "title_fr",
            "title_en",
            "periodicity_months",
            "legal_periodicity_months",
            "periodicity_reason",
            "max_periodicity_months",
            "adjustment_fr",
            "adjustment_en",
            "legal_text",
            "legal_article",
            "source_url",
            "inspector",
            "to_verify",
            "note",
            "is_shipped",
            "is_active",
        ]
        read_only_fields = ["legal_periodicity_months", "is_shipped"]


class EquipmentSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    kind = serializers.SlugRelatedField(slug_field="code", queryset=EquipmentKind.objects.all())
    work_unit = serializers.PrimaryKeyRelatedField(
        queryset=WorkUnit.objects.all(), required=False, allow_null=True
    )
    responsible = VisiblePersonField(required=False, allow_null=True)
    line_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Equipment
        fields = [
            "id",
            "site",
            "kind",
            "name",
            "identifier",
            "location",
            "work_unit",
            "commissioned_on",
            "quantity",
            "is_in_service",
            "is_use_forbidden",
            "responsible",
            "notes",
            "line_count",
            "overdue_count",
        ]
        read_only_fields = ["is_use_forbidden"]


class ScheduleSerializer(serializers.ModelSerializer):
    inspection_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    inspection_title = serializers.CharField(source="inspection_type.title", read_only=True)
    site = serializers.IntegerField(source="equipment.site_id", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = InspectionSchedule
        fields = [
            "id",
            "equipment",
            "inspection_type",
            "inspection_title",
            "site",
            "periodicity_months",
            "extension_reason",
            "last_done_on",
            "next_due_on",
            "is_required",
            "not_required_reason",
            "status",
        ]
        read_only_fields = fields

    def get_status(self, obj: InspectionSchedule) -> str:
        """up_to_date, due_soon, overdue, not_required or out_of_service (as of today)."""
        return selectors.status_of(obj, timezone.localdate())


class ScheduleQuerySerializer(serializers.Serializer):
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ScheduleStatus.choices, required=False)
    due_before = serializers.DateField(required=False, help_text="next due on or before this day")
    site = serializers.IntegerField(required=False)
    equipment = serializers.IntegerField(required=False)


class NotRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ObservationSerializer(serializers.ModelSerializer):
    action_reference = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = ["id", "visit", "text", "severity", "action", "action_reference"]
        read_only_fields = fields

    def get_action_reference(self, obj: Observation) -> str | None:
        return obj.action.reference if obj.action_id else None


class VisitSerializer(serializers.ModelSerializer):
    observations = ObservationSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionVisit
        fields = [
            "id",
            "reference",
            "schedule",
            "performed_on",
            "body",
            "inspector_name",
            "result",
            "report_reference",
            "comment",
            "next_due_on",
            "observations",
        ]
        read_only_fields = fields


class ReportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()


class ObservationWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    severity = serializers.ChoiceField(choices=ObservationSeverity.choices, default=ObservationSeverity.MINOR)


class VisitWriteSerializer(serializers.Serializer):
    schedule = serializers.IntegerField()
    performed_on = serializers.DateField()
    body = serializers.CharField(allow_blank=True)
    inspector_name = serializers.CharField(required=False, allow_blank=True, default="")
    result = serializers.ChoiceField(choices=VisitResult.choices)
    report_reference = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    observations = ObservationWriteSerializer(many=True, required=False, default=list)


class ObservationActionSerializer(serializers.Serializer):
    owner = VisiblePersonField()
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    title = serializers.CharField(required=False, allow_blank=True, default="")

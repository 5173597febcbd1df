from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..models import ClassifiedActivity, Installation, PeriodicControl, Rubrique, Threshold


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class ThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Threshold
        fields = ["id", "regime", "value", "is_inclusive", "alinea", "wording"]


class RubriqueSerializer(serializers.ModelSerializer):
    thresholds = ThresholdSerializer(many=True, read_only=True)

    class Meta:
        model = Rubrique
        fields = [
            "id",
            "code",
            "title_fr",
            "title_en",
            "quantity_fr",
            "quantity_en",
            "unit",
            "is_health_hazard",
            "is_physical_hazard",
            "is_environment_hazard",
            "seveso_low",
            "seveso_high",
            "source_url",
            "source_note",
            "to_verify",
            "note",
            "is_shipped",
            "is_active",
            "thresholds",
        ]
        read_only_fields = ["is_shipped", "thresholds"]


class InstallationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Installation
        fields = [
            "id",
            "site",
            "name",
            "location",
            "commissioned_on",
            "is_in_service",
            "responsible",
            "notes",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    rubrique_code = serializers.CharField(source="rubrique.code", read_only=True)
    unit = serializers.CharField(source="rubrique.unit", read_only=True)

    class Meta:
        model = ClassifiedActivity
        fields = ["id", "installation", "rubrique", "rubrique_code", "quantity", "unit", "note"]


class ControlSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodicControl
        fields = [
            "id",
            "site",
            "rubrique",
            "performed_on",
            "body",
            "report_reference",
            "has_major_nonconformities",
            "period_years",
            "notes",
        ]


class RubriqueStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    unit = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=4)
    regime = serializers.CharField()
    reasoning = serializers.CharField()


class SiteStatusSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    site_name = serializers.CharField()
    regime = serializers.CharField()
    seveso = serializers.CharField()
    rubriques = RubriqueStatusSerializer(many=True)
    reasoning = serializers.ListField(child=serializers.CharField())

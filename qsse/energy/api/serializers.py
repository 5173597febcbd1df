"""Serializers of the energy API: reads show the computed values; writes feed the services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors

from .. import selectors
from ..models import (
    Consumption,
    EmissionFactor,
    EnergyCarrier,
    EnergyIndicator,
    Meter,
    RelevantVariable,
    SavingsLever,
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


class VisibleMeterField(_Visible):
    selector = staticmethod(selectors.meter_list)


class VisibleVariableField(_Visible):
    selector = staticmethod(selectors.variable_list)


class CarrierField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", EnergyCarrier.objects.all())
        super().__init__(**kwargs)


class EmissionFactorSerializer(serializers.ModelSerializer):
    carrier = CarrierField()

    class Meta:
        model = EmissionFactor
        fields = [
            "id",
            "carrier",
            "valid_from",
            "kg_co2e_per_kwh",
            "version",
            "source",
            "source_url",
            "to_verify",
            "note",
            "is_shipped",
        ]
        read_only_fields = ["is_shipped"]
        validators = []  # the unique (carrier, valid_from) is checked by the service


class EnergyCarrierSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    emission_factors = EmissionFactorSerializer(many=True, read_only=True)

    class Meta:
        model = EnergyCarrier
        fields = [
            "id",
            "code",
            "name",
            "name_fr",
            "name_en",
            "scope",
            "unit",
            "kwh_per_unit",
            "conversion_valid_from",
            "conversion_source",
            "conversion_source_url",
            "conversion_to_verify",
            "note",
            "is_shipped",
            "is_active",
            "emission_factors",
        ]
        read_only_fields = fields


class MeterSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    carrier = CarrierField()
    parent = VisibleMeterField(required=False, allow_null=True)
    responsible = VisiblePersonField(required=False, allow_null=True)
    record_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meter
        fields = [
            "id",
            "site",
            "name",
            "identifier",
            "carrier",
            "use",
            "parent",
            "multiplier",
            "responsible",
            "is_active",
            "notes",
            "record_count",
        ]


class ConsumptionSerializer(serializers.ModelSerializer):
    meter = VisibleMeterField()

    class Meta:
        model = Consumption
        fields = [
            "id",
            "meter",
            "kind",
            "period_start",
            "period_end",
            "month",
            "index_start",
            "index_end",
            "quantity",
            "kwh",
            "cost",
            "reference",
            "note",
        ]
        read_only_fields = ["month", "kwh"]
        extra_kwargs = {"quantity": {"required": False, "allow_null": True}}
        validators = []  # the unique (meter, period) is checked by the model's full_clean


class RelevantVariableSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    responsible = VisiblePersonField(required=False, allow_null=True)

    class Meta:
        model = RelevantVariable
        fields = ["id", "site", "name", "kind", "unit", "source", "responsible"]
        validators = []


class VariableValueWriteSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Any day of the month (stored as its first day).")
    value = serializers.DecimalField(max_digits=16, decimal_places=3, min_value=0, allow_null=True)


class MonthValueSerializer(serializers.Serializer):
    month = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=3)


class EnergyIndicatorSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    carrier = CarrierField(required=False, allow_null=True)
    variable = VisibleVariableField()
    responsible = VisiblePersonField(required=False, allow_null=True)
    unit = serializers.CharField(read_only=True)

    class Meta:
        model = EnergyIndicator
        fields = [
            "id",
            "site",
            "name",
            "carrier",
            "use",
            "variable",
            "kind",
            "unit",
            "baseline_start",
            "baseline_end",
            "target_percent",
            "responsible",
            "is_active",
            "baseline_kwh",
            "baseline_variable",
            "baseline_ratio",
            "intercept",
            "slope",
            "r_squared",
            "baseline_points",
            "baseline_error",
        ]
        read_only_fields = [
            "baseline_kwh",
            "baseline_variable",
            "baseline_ratio",
            "intercept",
            "slope",
            "r_squared",
            "baseline_points",
            "baseline_error",
        ]


class IndicatorRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    kwh = serializers.FloatField(allow_null=True)
    variable = serializers.FloatField(allow_null=True)
    enpi = serializers.FloatField(allow_null=True)
    expected_kwh = serializers.FloatField(allow_null=True)
    baseline_enpi = serializers.FloatField(allow_null=True)
    savings_kwh = serializers.FloatField(allow_null=True)


class SavingsSerializer(serializers.Serializer):
    expected_kwh = serializers.FloatField()
    actual_kwh = serializers.FloatField()
    savings_kwh = serializers.FloatField()
    savings_percent = serializers.FloatField(allow_null=True)


class IndicatorReportSerializer(serializers.Serializer):
    enpi = serializers.FloatField(allow_null=True)
    rows = IndicatorRowSerializer(many=True)
    savings = SavingsSerializer(allow_null=True)


class SavingsLeverSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    carrier = CarrierField()
    responsible = VisiblePersonField(required=False, allow_null=True)
    action_reference = serializers.CharField(source="action.reference", read_only=True, default=None)

    class Meta:
        model = SavingsLever
        fields = [
            "id",
            "site",
            "title",
            "description",
            "carrier",
            "use",
            "estimated_kwh",
            "estimated_cost_saving",
            "estimated_tco2e",
            "investment",
            "status",
            "responsible",
            "action",
            "action_reference",
        ]
        read_only_fields = ["estimated_tco2e", "action", "action_reference"]


class LeverActionSerializer(serializers.Serializer):
    owner = VisiblePersonField()
    due_on = serializers.DateField()


class CarrierSummarySerializer(serializers.Serializer):
    carrier = serializers.CharField(source="carrier.code")
    scope = serializers.CharField(source="carrier.scope")
    quantity = serializers.FloatField()
    kwh = serializers.FloatField()
    cost = serializers.FloatField(allow_null=True)
    cost_per_kwh = serializers.FloatField(allow_null=True)
    tco2e = serializers.FloatField()
    has_factor = serializers.BooleanField()


class SummarySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    kwh = serializers.FloatField()
    cost = serializers.FloatField(allow_null=True)
    cost_per_kwh = serializers.FloatField(allow_null=True)
    tco2e = serializers.FloatField()
    scope_1 = serializers.FloatField()
    scope_2 = serializers.FloatField()
    carriers = CarrierSummarySerializer(many=True)

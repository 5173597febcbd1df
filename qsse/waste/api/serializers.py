"""Serializers of the waste API: reads show derived values; writes feed the services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors

from .. import calculations, selectors
from ..models import Contractor, TreatmentCode, WasteCode, WasteRemoval, WasteStream


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class VisibleSiteField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.site_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.site_list(_user(self))


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.person_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.person_list(_user(self))


class VisibleStreamField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", WasteStream.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return selectors.stream_list(_user(self))


class WasteCodeRefField(serializers.SlugRelatedField):
    """A waste code given as ``"120109"`` or ``"12 01 09*"``."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=WasteCode.objects.all(), **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(calculations.normalize_code(str(data)) or str(data))


class TreatmentRefField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=TreatmentCode.objects.all(), **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(calculations.normalize_treatment_code(str(data)) or str(data))


class WasteCodeSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = WasteCode
        fields = [
            "code",
            "display",
            "chapter",
            "subchapter",
            "label",
            "label_fr",
            "label_en",
            "is_hazardous",
            "is_mirror",
            "entry_type",
            "category",
        ]
        read_only_fields = fields


class TreatmentCodeSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = TreatmentCode
        fields = ["code", "kind", "label", "label_fr", "label_en"]
        read_only_fields = fields


class ContractorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contractor
        fields = [
            "id",
            "name",
            "siret",
            "address",
            "is_collector",
            "is_transporter",
            "is_facility",
            "receipt_number",
            "receipt_valid_until",
            "permit_number",
            "notes",
            "is_active",
        ]

    def validate(self, attrs):  # the service validates (one set of rules)
        return attrs


class WasteStreamSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    waste_code = WasteCodeRefField()
    treatment_code = TreatmentRefField(required=False, allow_null=True)
    responsible = VisiblePersonField(required=False, allow_null=True)
    category = serializers.CharField(source="waste_code.category", read_only=True)

    class Meta:
        model = WasteStream
        fields = [
            "id",
            "site",
            "name",
            "waste_code",
            "category",
            "sorting_flow",
            "container",
            "sorting_instructions",
            "collector",
            "transporter",
            "facility",
            "treatment_code",
            "density",
            "responsible",
            "is_active",
        ]

    def validate(self, attrs):
        return attrs


class WasteRemovalSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    stream = VisibleStreamField(required=False, allow_null=True)
    waste_code = WasteCodeRefField(required=False, allow_null=True)
    treatment_code = TreatmentRefField(required=False, allow_null=True)
    waste_code_display = serializers.CharField(source="waste_code.display", read_only=True)

    class Meta:
        model = WasteRemoval
        fields = [
            "id",
            "reference",
            "site",
            "stream",
            "removed_on",
            "year",
            "usual_name",
            "waste_code",
            "waste_code_display",
            "category",
            "is_hazardous",
            "is_pop",
            "quantity",
            "unit",
            "density",
            "tonnes",
            "collector",
            "transporter",
            "second_transporter",
            "facility",
            "treatment_code",
            "treatment_kind",
            "tracking_number",
            "notes",
        ]
        read_only_fields = ["reference", "year", "category", "is_hazardous", "tonnes", "treatment_kind"]
        extra_kwargs = {"usual_name": {"required": False}}

    def validate(self, attrs):
        return attrs


class TotalsSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    lines = serializers.IntegerField()
    total_t = serializers.DecimalField(max_digits=14, decimal_places=3)
    recovered_t = serializers.DecimalField(max_digits=14, decimal_places=3)
    disposed_t = serializers.DecimalField(max_digits=14, decimal_places=3)
    unknown_t = serializers.DecimalField(max_digits=14, decimal_places=3)
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    volume_without_density_m3 = serializers.DecimalField(max_digits=14, decimal_places=3)


class WasteStatsSerializer(serializers.Serializer):
    total = TotalsSerializer()
    hazardous_t = serializers.DecimalField(max_digits=14, decimal_places=3)
    by_year = TotalsSerializer(many=True)
    by_category = TotalsSerializer(many=True)
    by_stream = TotalsSerializer(many=True)
    by_site = TotalsSerializer(many=True)


class SortingFlowSerializer(serializers.Serializer):
    flow = serializers.CharField(source="obligation.flow")
    label_fr = serializers.CharField(source="obligation.label_fr")
    label_en = serializers.CharField(source="obligation.label_en")
    since = serializers.DateField(source="obligation.since")
    legal_basis = serializers.CharField(source="obligation.legal_basis")
    to_verify = serializers.BooleanField(source="obligation.to_verify")
    in_force = serializers.BooleanField()
    is_sorted = serializers.BooleanField()
    missing = serializers.BooleanField()

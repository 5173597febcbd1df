"""Serializers of the indicators API: they validate; the services write. Computed results are numbers."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors

from .. import selectors
from ..choices import ObjectiveStatus, Source, Status, Trend
from ..models import Indicator, Measurement, Objective, Policy


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


def inline_choice_field(choices_class, **kwargs) -> serializers.ChoiceField:
    """A choice field described inline in the schema: "status" and "source" name other apps' enums."""

    # No "enum" in the schema: the enum post-processing would name it after the field and collide.
    @extend_schema_field({"type": "string", "description": "one of: " + ", ".join(choices_class.values)})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices_class.choices, **kwargs)


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.person_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.person_list(_user(self))


class VisibleSiteField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.site_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.site_list(_user(self))


class VisibleIndicatorField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Indicator.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return selectors.indicator_list(_user(self))


class PolicySerializer(serializers.ModelSerializer):
    signed_by = VisiblePersonField(required=False, allow_null=True)

    class Meta:
        model = Policy
        fields = ["id", "title", "text", "version", "signed_by", "signed_on", "is_current"]


class ObjectiveSerializer(serializers.ModelSerializer):
    owner = VisiblePersonField(required=False, allow_null=True)
    site = VisibleSiteField(required=False, allow_null=True)
    indicator = VisibleIndicatorField(required=False, allow_null=True)
    status = inline_choice_field(ObjectiveStatus, required=False)
    smart_gaps = serializers.SerializerMethodField()

    class Meta:
        model = Objective
        fields = [
            "id",
            "reference",
            "level",
            "policy",
            "parent",
            "process",
            "site",
            "domain",
            "title",
            "measurable_statement",
            "indicator",
            "baseline_value",
            "target_value",
            "target_date",
            "owner",
            "justification",
            "status",
            "smart_gaps",
        ]
        read_only_fields = ["reference"]
        extra_kwargs = {
            "baseline_value": {"coerce_to_string": False},
            "target_value": {"coerce_to_string": False},
        }

    def get_smart_gaps(self, obj: Objective) -> list[str]:
        from django.utils import timezone

        from ..services import objective_smart_gaps

        return objective_smart_gaps(obj, timezone.localdate())


class IndicatorSerializer(serializers.ModelSerializer):
    owner = VisiblePersonField(required=False, allow_null=True)
    site = VisibleSiteField(required=False, allow_null=True)
    source = inline_choice_field(Source, required=False)
    last_period = serializers.SerializerMethodField()
    last_value = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "domain",
            "process",
            "site",
            "is_split_by_site",
            "owner",
            "unit",
            "direction",
            "target",
            "alert_threshold",
            "frequency",
            "source",
            "computed_source",
            "decimals",
            "is_active",
            "last_period",
            "last_value",
            "status",
        ]
        extra_kwargs = {"target": {"coerce_to_string": False}, "alert_threshold": {"coerce_to_string": False}}

    def _card(self, obj: Indicator):
        return self.context.get("cards", {}).get(obj.pk)

    def get_last_period(self, obj: Indicator) -> str | None:
        card = self._card(obj)
        return card.last_period.isoformat() if card and card.last_period else None

    def get_last_value(self, obj: Indicator) -> float | None:
        card = self._card(obj)
        return float(card.last_value) if card and card.last_value is not None else None

    def get_status(self, obj: Indicator) -> str:
        card = self._card(obj)
        return card.status if card else Status.NO_DATA


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = VisibleIndicatorField()
    site = VisibleSiteField(required=False, allow_null=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False)

    class Meta:
        model = Measurement
        fields = ["id", "indicator", "site", "period_start", "value", "comment", "entered_at", "is_computed"]
        read_only_fields = ["entered_at", "is_computed"]
        validators: list = []  # a POST replaces the value of its period (see measurements_save)


class ImportRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="indicator code")
    period = serializers.CharField(help_text="YYYY-MM or YYYY-MM-DD")
    value = serializers.CharField(help_text="a number (a string or a JSON number)")
    site = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("value"), (int, float)):
            data = {**data, "value": str(data["value"])}
        return super().to_internal_value(data)


class ImportSerializer(serializers.Serializer):
    rows = ImportRowSerializer(many=True, allow_empty=True)


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportErrorSerializer(serializers.Serializer):
    errors = ImportProblemSerializer(many=True)


class SeriesPointSerializer(serializers.Serializer):
    period = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    status = inline_choice_field(Status)


class SeriesSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    site = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    alert_threshold = serializers.FloatField(allow_null=True)
    direction = serializers.CharField()
    last_value = serializers.FloatField(allow_null=True)
    status = inline_choice_field(Status)
    trend = inline_choice_field(Trend)
    trend_slope = serializers.FloatField(
        allow_null=True, help_text="change of the value per period (least squares)"
    )
    points = SeriesPointSerializer(many=True)

"""Serializers of the accidents API. The victim's identity and medical details are part of the
representation only for the roles allowed to see personal data (``selectors.can_see_personal_data``);
for the others ``victim`` is null and ``personal_data_restricted`` true."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors

from .. import selectors
from ..choices import AccidentKind, AccidentStatus, FactComponent, FactKind, LesionNature, LesionSeat
from ..models import Accident, AccidentVictim, CauseLink, CauseNode, HoursWorked


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.person_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.person_list(_user(self))


class VictimSerializer(serializers.ModelSerializer):
    victim_name = serializers.SerializerMethodField()
    lesion_nature = serializers.ChoiceField(choices=LesionNature.choices, allow_blank=True)
    lesion_seat = serializers.ChoiceField(choices=LesionSeat.choices, allow_blank=True)

    class Meta:
        model = AccidentVictim
        fields = [
            "victim",
            "victim_name",
            "witnesses",
            "lesion_nature",
            "lesion_seat",
            "lesion_details",
            "first_aid",
        ]

    def get_victim_name(self, record: AccidentVictim) -> str:
        return str(record.victim) if record.victim else ""


class AccidentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AccidentKind.choices)
    status = serializers.ChoiceField(choices=AccidentStatus.choices, required=False)
    victim = serializers.SerializerMethodField()
    personal_data_restricted = serializers.SerializerMethodField()
    # Write-only victim fields (refused with 403 for roles not allowed to see personal data).
    victim_person = VisiblePersonField(write_only=True, required=False, allow_null=True)
    witnesses = serializers.CharField(write_only=True, required=False, allow_blank=True)
    lesion_nature = serializers.ChoiceField(
        choices=LesionNature.choices, write_only=True, required=False, allow_blank=True
    )
    lesion_seat = serializers.ChoiceField(
        choices=LesionSeat.choices, write_only=True, required=False, allow_blank=True
    )
    lesion_details = serializers.CharField(write_only=True, required=False, allow_blank=True)
    first_aid = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Accident
        fields = [
            "id",
            "reference",
            "kind",
            "occurred_at",
            "site",
            "work_unit",
            "place",
            "title",
            "description",
            "days_lost",
            "declared_on",
            "immediate_measures",
            "status",
            "victim",
            "personal_data_restricted",
            "victim_person",
            "witnesses",
            "lesion_nature",
            "lesion_seat",
            "lesion_details",
            "first_aid",
        ]
        read_only_fields = ["reference"]

    def get_personal_data_restricted(self, accident: Accident) -> bool:
        return not selectors.can_see_personal_data(_user(self))

    @extend_schema_field(VictimSerializer(allow_null=True))
    def get_victim(self, accident: Accident) -> dict | None:
        record = selectors.victim_get(_user(self), accident)
        return VictimSerializer(record).data if record is not None else None


class CauseNodeSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=FactKind.choices, required=False)
    component = serializers.ChoiceField(choices=FactComponent.choices, required=False, allow_blank=True)
    effect = serializers.PrimaryKeyRelatedField(
        queryset=CauseNode.objects.all(), write_only=True, required=False, allow_null=True
    )
    action_reference = serializers.CharField(source="action.reference", read_only=True, default=None)

    class Meta:
        model = CauseNode
        fields = [
            "id",
            "accident",
            "text",
            "kind",
            "component",
            "is_root",
            "action",
            "action_reference",
            "effect",
        ]
        read_only_fields = ["is_root", "action"]


class CauseLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = CauseLink
        fields = ["id", "cause", "effect"]


class HoursWorkedSerializer(serializers.ModelSerializer):
    class Meta:
        model = HoursWorked
        fields = ["id", "site", "month", "hours", "average_headcount"]


class RateRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    lost_time_accidents = serializers.IntegerField()
    other_accidents = serializers.IntegerField()
    days_lost = serializers.IntegerField()
    hours_worked = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    average_headcount = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    tf = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tf2 = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tg = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    frequency_index = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tf_rolling_12_months = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tg_rolling_12_months = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class RateQuerySerializer(serializers.Serializer):
    site = serializers.IntegerField(required=False)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False)

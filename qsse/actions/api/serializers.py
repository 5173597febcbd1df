"""Serializers of the action API: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qsse.core.choices import Operation
from qsse.core.permissions import can, scope_queryset
from qsse.organization import selectors as organization_selectors
from qsse.processes.models import Process

from .. import services
from ..choices import ActionStatus, EfficacyResult
from ..models import Action


def drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    """The same field-level messages, as the API reports them."""
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
        return serializers.ValidationError(detail)
    return serializers.ValidationError({"non_field_errors": error.messages})


class ActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    days_late = serializers.IntegerField(read_only=True)
    origin_type = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "type",
            "status",
            "priority",
            "progress",
            "owner",
            "owner_name",
            "process",
            "site",
            "due_on",
            "is_overdue",
            "days_late",
            "origin_type",
            "origin_object_id",
            "origin_label",
            "human_resources",
            "estimated_days",
            "material_resources",
            "estimated_cost",
            "actual_cost",
            "started_on",
            "completed_on",
            "efficacy_criterion",
            "efficacy_check_due_on",
            "efficacy_checked_on",
            "efficacy_result",
            "efficacy_comment",
            "efficacy_checked_by",
            "follow_up_of",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="app_label.model of the origin record")
    )
    def get_origin_type(self, action: Action) -> str | None:
        content_type = action.origin_content_type
        return f"{content_type.app_label}.{content_type.model}" if content_type else None


class ActionWriteSerializer(serializers.ModelSerializer):
    """Create (``action_create``) or update (``action_update``) an action."""

    origin_type = serializers.CharField(
        write_only=True,
        required=False,
        help_text="app_label.model of the origin record, e.g. nonconformities.nonconformity",
    )
    origin_id = serializers.IntegerField(write_only=True, required=False, min_value=1)
    progress = serializers.IntegerField(required=False, min_value=0, max_value=100)
    estimated_days = serializers.DecimalField(
        max_digits=7, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    estimated_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    actual_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "type",
            "priority",
            "owner",
            "due_on",
            "process",
            "site",
            "progress",
            "human_resources",
            "estimated_days",
            "material_resources",
            "estimated_cost",
            "actual_cost",
            "efficacy_criterion",
            "efficacy_check_due_on",
            "origin_type",
            "origin_id",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["owner"].queryset = organization_selectors.person_list(user)
            self.fields["site"].queryset = organization_selectors.site_list(user)
            self.fields["process"].queryset = scope_queryset(user, Process.objects.filter(is_active=True))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        origin_type, origin_id = attrs.pop("origin_type", None), attrs.pop("origin_id", None)
        if self.instance is not None:
            if origin_type or origin_id:
                raise serializers.ValidationError(
                    {"origin_type": _("The origin of an action cannot be changed.")}
                )
            return attrs
        for name in ("progress", "actual_cost"):
            if name in attrs:
                raise serializers.ValidationError(
                    {name: _("Set when the action is carried out, not at creation.")}
                )
        if bool(origin_type) != bool(origin_id):
            field = "origin_id" if origin_type else "origin_type"
            raise serializers.ValidationError({field: _("Give both the origin type and the origin id.")})
        if origin_type:
            attrs["origin"] = self._origin(origin_type, origin_id)
        return attrs

    def _origin(self, origin_type: str, origin_id: int):
        user = self.context["request"].user
        try:
            app_label, model_name = origin_type.lower().split(".", 1)
            model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
            origin = model._default_manager.get(pk=origin_id) if model else None
        except (ValueError, ContentType.DoesNotExist):
            raise serializers.ValidationError({"origin_type": _("Unknown type of record.")}) from None
        except ObjectDoesNotExist:
            origin = None
        if origin is None or not can(user, Operation.VIEW, origin):
            raise serializers.ValidationError({"origin_id": _("No such record.")})
        return origin

    def create(self, validated_data: dict[str, Any]) -> Action:
        try:
            return services.action_create(user=self.context["request"].user, **validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def update(self, instance: Action, validated_data: dict[str, Any]) -> Action:
        try:
            return services.action_update(
                user=self.context["request"].user, action=instance, **validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def to_representation(self, instance: Action) -> dict[str, Any]:
        return ActionSerializer(instance, context=self.context).data


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in ActionStatus if s != ActionStatus.CHECKED]
    )


@extend_schema_field({"type": "string", "enum": list(EfficacyResult.values)})
class EfficacyResultField(serializers.ChoiceField):
    """Documented inline: the same choices as ``Action.efficacy_result`` (one enum name in the schema)."""


class EfficacyCheckSerializer(serializers.Serializer):
    result = EfficacyResultField(choices=EfficacyResult.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    checked_on = serializers.DateField(required=False, allow_null=True, default=None)
    follow_up = serializers.ChoiceField(
        choices=[(services.FOLLOW_UP_REOPEN, "reopen"), (services.FOLLOW_UP_NEW_ACTION, "new action")],
        required=False,
        allow_null=True,
        default=None,
        help_text="Only when not effective: reopen this action, or create a follow-up action.",
    )

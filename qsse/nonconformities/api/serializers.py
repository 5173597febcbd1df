"""Serializers of /api/v1/nonconformities/: they validate; the services write."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors

from ..choices import IshikawaCategory, RootCauseSource
from ..models import IshikawaCause, Nonconformity, RootCause, WhyStep
from ..services import EDITABLE_FIELDS, MAX_WHY_STEPS


def drf_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as a DRF 400, field by field when the service named fields."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person of the directory the client may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.person_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.person_list(_user(self))


class VisibleSiteField(serializers.PrimaryKeyRelatedField):
    """A site the client may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.site_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.site_list(_user(self))


class WhyStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WhyStep
        fields = ["position", "question", "answer"]


class IshikawaCauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = IshikawaCause
        fields = ["id", "category", "parent", "text", "is_retained"]


class LinkedActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    due_on = serializers.DateField()
    efficacy_result = serializers.CharField()


class RootCauseSerializer(serializers.ModelSerializer):
    actions = LinkedActionSerializer(many=True, read_only=True)

    class Meta:
        model = RootCause
        fields = ["id", "description", "source", "ishikawa_cause", "actions"]


LIST_FIELDS = [
    "id",
    "reference",
    "kind",
    "title",
    "origin",
    "category",
    "severity",
    "status",
    "site",
    "process",
    "owner",
    "detected_on",
    "detected_by",
    "product",
    "lot",
    "quantity_affected",
    "customer_name",
    "customer_reference",
    "supplier_name",
    "cost_of_nonquality",
    "closed_on",
    "created_at",
    "updated_at",
]


class NonconformitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Nonconformity
        fields = LIST_FIELDS
        read_only_fields = fields


class NonconformityDetailSerializer(serializers.ModelSerializer):
    why_steps = WhyStepSerializer(many=True, read_only=True)
    ishikawa_causes = IshikawaCauseSerializer(many=True, read_only=True)
    root_causes = RootCauseSerializer(many=True, read_only=True)

    class Meta:
        model = Nonconformity
        fields = [
            *LIST_FIELDS,
            "description_who",
            "description_what",
            "description_where",
            "description_when",
            "description_how",
            "description_how_many",
            "description_why",
            "containment",
            "disposition",
            "closure_comment",
            "why_steps",
            "ishikawa_causes",
            "root_causes",
        ]
        read_only_fields = fields


class NonconformityWriteSerializer(serializers.ModelSerializer):
    """Fields a client may send; the model's own rules (a complaint needs a customer reference...)
    run in the service."""

    site = VisibleSiteField()
    owner = VisiblePersonField(required=False, allow_null=True)
    detected_by = VisiblePersonField(required=False, allow_null=True)

    class Meta:
        model = Nonconformity
        fields = ["kind", *sorted(EDITABLE_FIELDS)]

    def get_validators(self):
        return []  # uniqueness and model rules are checked by the service's full_clean()


class WhyStepInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=500)
    answer = serializers.CharField(max_length=500)


class WhyStepsWriteSerializer(serializers.Serializer):
    steps = WhyStepInputSerializer(many=True, max_length=MAX_WHY_STEPS)


class IshikawaCauseWriteSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=IshikawaCategory.choices)
    text = serializers.CharField(max_length=300)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=IshikawaCause.objects.all(), required=False, allow_null=True
    )
    is_retained = serializers.BooleanField(default=False)


class RootCauseWriteSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    source = serializers.ChoiceField(choices=RootCauseSource.choices, default=RootCauseSource.OTHER)
    ishikawa_cause = serializers.PrimaryKeyRelatedField(
        queryset=IshikawaCause.objects.all(), required=False, allow_null=True
    )


class CorrectiveActionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    owner = VisiblePersonField()
    due_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    efficacy_criterion = serializers.CharField(required=False, allow_blank=True, default="")
    efficacy_check_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class CloseSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()

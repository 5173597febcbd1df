"""Serializers of the retention API (read-only: changes go through the pages, where a purge is
confirmed on a screen that lists what will happen)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import PurgeOperation, RecordType


class RecordTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = RecordType
        fields = [
            "id",
            "code",
            "name",
            "name_fr",
            "name_en",
            "provider_key",
            "period_years",
            "period_months",
            "reference_event",
            "rounding",
            "end_action",
            "legal_basis",
            "legal_reference",
            "source_url",
            "to_verify",
            "notes",
            "is_shipped",
            "is_active",
        ]
        read_only_fields = fields


class ScheduleRowSerializer(serializers.Serializer):
    record_type = RecordTypeSerializer()
    held_count = serializers.IntegerField(allow_null=True, help_text="Records holding personal data now")
    past_count = serializers.IntegerField(allow_null=True, help_text="Records past their retention today")
    cutoff = serializers.DateField(help_text="Records counted from this day or earlier are past retention")
    flagged_operation = serializers.SerializerMethodField()

    def get_flagged_operation(self, row) -> int | None:
        return row.flagged.pk if row.flagged else None


class PurgeOperationSerializer(serializers.ModelSerializer):
    record_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    confirmed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    identifiers = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), read_only=True
    )

    class Meta:
        model = PurgeOperation
        fields = [
            "id",
            "reference",
            "record_type",
            "provider_key",
            "action",
            "status",
            "cutoff_on",
            "flagged_on",
            "flagged_count",
            "confirmed_by",
            "executed_at",
            "executed_count",
            "identifiers",
        ]
        read_only_fields = fields


class InventoryEntrySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    data_items = serializers.ListField(child=serializers.CharField())
    special_category = serializers.BooleanField(help_text="Health data (GDPR art. 9)")
    purpose = serializers.CharField()
    legal_basis = serializers.CharField()
    recipients = serializers.CharField()
    retention = serializers.ListField(child=serializers.CharField())
    held = serializers.IntegerField()
    notes = serializers.CharField(allow_blank=True)

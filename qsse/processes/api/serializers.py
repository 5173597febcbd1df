from rest_framework import serializers

from qsse.organization.models import Person

from ..models import Process, ProcessInteraction


class ProcessSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), allow_null=True, required=False
    )
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, default=None)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    position = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "owner",
            "owner_name",
            "purpose",
            "inputs",
            "outputs",
            "resources",
            "performance_objectives",
            "indicators",
            "position",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_active", "created_at", "updated_at"]
        # Uniqueness is checked by the services (full_clean), in the same words as on the pages.
        extra_kwargs = {"code": {"validators": []}}


class ProcessInteractionSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Process.objects.all())
    target = serializers.PrimaryKeyRelatedField(queryset=Process.objects.all())
    source_code = serializers.CharField(source="source.code", read_only=True)
    target_code = serializers.CharField(source="target.code", read_only=True)

    class Meta:
        model = ProcessInteraction
        fields = ["id", "source", "source_code", "target", "target_code", "flow", "created_at"]
        read_only_fields = ["created_at"]
        validators: list = []  # duplicates and self-interactions are refused by the services

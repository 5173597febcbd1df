"""REST API of the process map: every write goes through qsse.processes.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from .serializers import ProcessInteractionSerializer, ProcessSerializer


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class ProcessViewSet(viewsets.ModelViewSet):
    """Processes of the map. DELETE deactivates the process (it stays in the records)."""

    serializer_class = ProcessSerializer
    permission_classes = [RolePermission]
    filterset_fields = ["kind", "owner", "is_active"]
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "kind", "position"]

    def get_queryset(self):
        return selectors.process_list(self.request.user).order_by("kind", "position", "code")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.process_create(user=self.request.user, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if data.get("position", 0) is None:
            data.pop("position")
        try:
            serializer.instance = services.process_update(
                user=self.request.user, process=serializer.instance, data=data
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error

    def perform_destroy(self, instance):
        try:
            services.process_deactivate(user=self.request.user, process=instance)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error


class ProcessInteractionViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """What flows between processes. Whoever may edit the source process adds or removes its interactions."""

    serializer_class = ProcessInteractionSerializer
    permission_classes = [RolePermission]
    filterset_fields = ["source", "target"]
    search_fields = ["flow"]
    # A process owner declares the interactions of their own processes: the checks are on the source.
    workflow_operations = {"create": Operation.EDIT, "destroy": Operation.EDIT}

    def get_queryset(self):
        return selectors.interaction_list(self.request.user).order_by("source__code", "target__code", "pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visible = selectors.process_list(request.user)
        source = visible.filter(pk=serializer.validated_data["source"].pk).first()
        target = visible.filter(pk=serializer.validated_data["target"].pk).first()
        if source is None or target is None:
            raise NotFound
        try:
            interaction = services.interaction_add(
                user=request.user, source=source, target=target, flow=serializer.validated_data["flow"]
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error
        return Response(self.get_serializer(interaction).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.interaction_remove(user=self.request.user, interaction=instance)


def register_viewsets(router) -> None:
    router.register("processes", ProcessViewSet, basename="process")
    router.register("process-interactions", ProcessInteractionViewSet, basename="processinteraction")

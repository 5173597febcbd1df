"""The action plan API: /api/v1/actions/ (CRUD, filters) and its workflow steps."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..filters import ActionApiFilter
from .serializers import (
    ActionSerializer,
    ActionStatusSerializer,
    ActionWriteSerializer,
    EfficacyCheckSerializer,
    drf_error,
)


class ActionViewSet(viewsets.ModelViewSet):
    """Actions of the user's sites. Writes go through the action services (same rules as the pages)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ActionSerializer
    filterset_class = ActionApiFilter
    search_fields = ["reference", "title"]
    ordering_fields = ["due_on", "reference", "priority", "status", "created_at", "progress"]
    ordering = ["due_on", "id"]
    workflow_operations = {"set_status": Operation.EDIT, "check_efficacy": Operation.CLOSE}

    def get_queryset(self):
        return selectors.action_list(self.request.user).select_related("origin_content_type")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ActionWriteSerializer
        if self.action == "set_status":
            return ActionStatusSerializer
        if self.action == "check_efficacy":
            return EfficacyCheckSerializer
        return ActionSerializer

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        return super().create(request, *args, **kwargs)

    @extend_schema(request=ActionWriteSerializer, responses=ActionSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        return super().update(request, *args, **kwargs)

    @extend_schema(request=ActionWriteSerializer, responses=ActionSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def perform_destroy(self, instance) -> None:
        services.action_delete(user=self.request.user, action=instance)

    @extend_schema(request=ActionStatusSerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request: Request, pk=None) -> Response:
        """Move the action to planned, in progress, done or cancelled."""
        instance = self.get_object()
        serializer = ActionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            instance = services.action_set_status(
                user=request.user, action=instance, status=serializer.validated_data["status"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ActionSerializer(instance, context=self.get_serializer_context()).data)

    @extend_schema(
        request=EfficacyCheckSerializer,
        responses={
            200: OpenApiResponse(ActionSerializer, description="The checked (or reopened) action."),
            201: OpenApiResponse(ActionSerializer, description="The follow-up action created."),
        },
    )
    @action(detail=True, methods=["post"], url_path="check-efficacy")
    def check_efficacy(self, request: Request, pk=None) -> Response:
        """Record the efficacy check of a done action; when not effective, reopen it or create a follow-up."""
        instance = self.get_object()
        serializer = EfficacyCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = services.action_check_efficacy(
                user=request.user, action=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        created = result is not None and result.pk != instance.pk
        return Response(
            ActionSerializer(result or instance, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def register_viewsets(router) -> None:
    router.register("actions", ActionViewSet, basename="action")

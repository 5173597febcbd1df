"""/api/v1/nonconformities/: records with their analysis; writes go through the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..choices import NonconformityKind
from ..filters import NonconformityFilter
from ..models import RootCause
from .serializers import (
    CloseSerializer,
    CorrectiveActionWriteSerializer,
    IshikawaCauseSerializer,
    IshikawaCauseWriteSerializer,
    LinkedActionSerializer,
    NonconformityDetailSerializer,
    NonconformitySerializer,
    NonconformityWriteSerializer,
    ReasonSerializer,
    RootCauseSerializer,
    RootCauseWriteSerializer,
    WhyStepSerializer,
    WhyStepsWriteSerializer,
    drf_error,
)


class NonconformityViewSet(viewsets.ModelViewSet):
    """Non-conformities, incidents and customer complaints of the user's sites, with their analysis.

    Writes follow the same rules as the pages (permissions, required fields, workflow)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = NonconformitySerializer
    filterset_class = NonconformityFilter
    search_fields = ["reference", "title", "product", "lot", "customer_name", "customer_reference"]
    ordering_fields = ["reference", "detected_on", "severity", "status", "created_at", "cost_of_nonquality"]
    ordering = ["-detected_on", "-id"]
    workflow_operations = {
        "close": Operation.CLOSE,
        "cancel": Operation.CLOSE,
        "reopen": Operation.CLOSE,
        "why_steps": Operation.EDIT,
        "ishikawa_causes": Operation.EDIT,
        "root_causes": Operation.EDIT,
        "root_cause_actions": Operation.EDIT,
    }

    def get_queryset(self):
        if self.action == "list":
            return selectors.nonconformity_list(self.request.user)
        return selectors.nonconformity_with_analysis(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return NonconformityWriteSerializer
        if self.action == "list":
            return NonconformitySerializer
        return NonconformityDetailSerializer

    def _detail(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        instance = selectors.nonconformity_get(self.request.user, pk)
        return Response(
            NonconformityDetailSerializer(instance, context=self.get_serializer_context()).data,
            status=status_code,
        )

    @extend_schema(request=NonconformityWriteSerializer, responses={201: NonconformityDetailSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = NonconformityWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            instance = services.nonconformity_create(
                user=request.user,
                kind=data.pop("kind", NonconformityKind.NONCONFORMITY),
                title=data.pop("title"),
                site=data.pop("site"),
                detected_on=data.pop("detected_on"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk, status.HTTP_201_CREATED)

    @extend_schema(request=NonconformityWriteSerializer, responses=NonconformityDetailSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = NonconformityWriteSerializer(
            instance, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        try:
            services.nonconformity_update(
                user=request.user, nonconformity=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=NonconformityWriteSerializer, responses=NonconformityDetailSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_destroy(self, instance) -> None:
        try:
            services.nonconformity_delete(user=self.request.user, nonconformity=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    # --- Workflow --------------------------------------------------------------------------

    @extend_schema(request=CloseSerializer, responses=NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        """Close the record: refused (400) unless every corrective action is done and checked effective."""
        instance = self.get_object()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.nonconformity_close(
                user=request.user, nonconformity=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=ReasonSerializer, responses=NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        """Cancel the record (duplicate, reported by mistake); the reason is required."""
        instance = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.nonconformity_cancel(
                user=request.user, nonconformity=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=ReasonSerializer, responses=NonconformityDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk=None) -> Response:
        """Reopen a closed or cancelled record; the reason is required."""
        instance = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.nonconformity_reopen(
                user=request.user, nonconformity=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    # --- Analysis ---------------------------------------------------------------------------

    @extend_schema(request=WhyStepsWriteSerializer, responses=WhyStepSerializer(many=True))
    @action(detail=True, methods=["put"], url_path="why-steps")
    def why_steps(self, request: Request, pk=None) -> Response:
        """Replace the 5-whys chain (up to 7 question/answer pairs, in order)."""
        instance = self.get_object()
        serializer = WhyStepsWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        steps = [(step["question"], step["answer"]) for step in serializer.validated_data["steps"]]
        try:
            saved = services.why_steps_set(user=request.user, nonconformity=instance, steps=steps)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(WhyStepSerializer(saved, many=True).data)

    @extend_schema(request=IshikawaCauseWriteSerializer, responses={201: IshikawaCauseSerializer})
    @action(detail=True, methods=["post"], url_path="ishikawa-causes")
    def ishikawa_causes(self, request: Request, pk=None) -> Response:
        """Add a cause (or a sub-cause, with ``parent``) to the Ishikawa diagram."""
        instance = self.get_object()
        serializer = IshikawaCauseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            cause = services.ishikawa_cause_add(
                user=request.user, nonconformity=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(IshikawaCauseSerializer(cause).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RootCauseWriteSerializer, responses={201: RootCauseSerializer})
    @action(detail=True, methods=["post"], url_path="root-causes")
    def root_causes(self, request: Request, pk=None) -> Response:
        """Retain a root cause."""
        instance = self.get_object()
        serializer = RootCauseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            root_cause = services.root_cause_add(
                user=request.user, nonconformity=instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(RootCauseSerializer(root_cause).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CorrectiveActionWriteSerializer,
        responses={
            201: OpenApiResponse(LinkedActionSerializer, description="The corrective action created.")
        },
    )
    @action(detail=True, methods=["post"], url_path=r"root-causes/(?P<root_cause_pk>\d+)/actions")
    def root_cause_actions(self, request: Request, pk=None, root_cause_pk=None) -> Response:
        """Create a corrective action in the action plan that treats this root cause."""
        instance = self.get_object()
        root_cause = get_object_or_404(RootCause, pk=root_cause_pk, nonconformity=instance)
        serializer = CorrectiveActionWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            created = services.root_cause_create_action(
                user=request.user, root_cause=root_cause, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(LinkedActionSerializer(created).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    router.register("nonconformities", NonconformityViewSet, basename="nonconformity")

"""REST API of the reviews app: every write goes through qsse.reviews.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..filters import ManagementReviewFilter, ProcessReviewFilter
from .serializers import (
    CommentSerializer,
    ManagementReviewSerializer,
    ProcessReviewSerializer,
    ReviewDecisionSerializer,
    ReviewInputSerializer,
    drf_error,
)

_WORKFLOW = {
    "collect_inputs": Operation.EDIT,
    "freeze": Operation.EDIT,
    "held": Operation.EDIT,
    # The chair signs with any role: the service checks who may sign.
    "sign": Operation.VIEW,
    "inputs": Operation.VIEW,
    "input_comment": Operation.EDIT,
    # Reading is open to readers; adding is checked by the service (EDIT on the review).
    "decisions": Operation.VIEW,
}


class _ReviewMixin:
    """Inputs, comments and decisions: the same for both kinds of review."""

    def _run(self, step, **kwargs):
        try:
            return step(**kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(responses=ReviewInputSerializer(many=True))
    @action(detail=True, methods=["get"])
    def inputs(self, request: Request, pk=None) -> Response:
        """The §9.3.2 inputs in order, each with the snapshot of the sections collected and the comment."""
        review = self.get_object()
        return Response(ReviewInputSerializer(review.inputs.order_by("position"), many=True).data)

    @extend_schema(request=CommentSerializer, responses=ReviewInputSerializer)
    @action(detail=True, methods=["post"], url_path=r"inputs/(?P<entry_pk>\d+)/comment")
    def input_comment(self, request: Request, pk=None, entry_pk=None) -> Response:
        """Write the analysis of one input (until the review is signed)."""
        review = self.get_object()
        entry = selectors.input_entry_get(review, int(entry_pk))
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = self._run(
            services.review_input_comment_set,
            user=request.user,
            entry=entry,
            comment=serializer.validated_data["comment"],
        )
        return Response(ReviewInputSerializer(entry).data)

    @extend_schema(
        methods=["GET"], responses=ReviewDecisionSerializer(many=True), description="Decisions of the review."
    )
    @extend_schema(
        methods=["POST"],
        request=ReviewDecisionSerializer,
        responses={201: ReviewDecisionSerializer},
        description="Record a decision: an improvement action is created in the action plan.",
    )
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request: Request, pk=None) -> Response:
        review = self.get_object()
        if request.method == "GET":
            return Response(ReviewDecisionSerializer(selectors.review_decisions(review), many=True).data)
        serializer = ReviewDecisionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        decision = self._run(
            services.review_decision_create, user=request.user, review=review, **serializer.validated_data
        )
        return Response(ReviewDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ManagementReviewViewSet(_ReviewMixin, viewsets.ModelViewSet):
    """Management reviews (ISO 9001 §9.3). Managed by the QSSE manager; everyone reads them."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ManagementReviewSerializer
    filterset_class = ManagementReviewFilter
    search_fields = ["reference", "title"]
    ordering_fields = ["reference", "held_on", "status"]
    ordering = ["-held_on", "-id"]
    workflow_operations = _WORKFLOW

    def get_queryset(self):
        return selectors.management_review_list(self.request.user).prefetch_related("participants")

    def perform_create(self, serializer):
        serializer.instance = self._run(
            services.management_review_create, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = self._run(
            services.management_review_update,
            user=self.request.user,
            review=serializer.instance,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        self._run(services.management_review_delete, user=self.request.user, review=instance)

    @extend_schema(request=None, responses=ReviewInputSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="collect-inputs")
    def collect_inputs(self, request: Request, pk=None) -> Response:
        """Ask every module for its inputs of the period (refused once the inputs are frozen)."""
        entries = self._run(
            services.management_review_collect_inputs, user=request.user, review=self.get_object()
        )
        return Response(ReviewInputSerializer(entries, many=True).data)

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def freeze(self, request: Request, pk=None) -> Response:
        review = self._run(
            services.management_review_freeze_inputs, user=request.user, review=self.get_object()
        )
        return Response(self.get_serializer(review).data)

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request: Request, pk=None) -> Response:
        review = self._run(services.management_review_mark_held, user=request.user, review=self.get_object())
        return Response(self.get_serializer(review).data)

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk=None) -> Response:
        """Sign a held review (QSSE manager, administrator or the chair): it becomes read-only."""
        review = self._run(services.management_review_sign, user=request.user, review=self.get_object())
        return Response(self.get_serializer(review).data)


class ProcessReviewViewSet(
    _ReviewMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Process reviews: the owner of a process reviews it; managers review any."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ProcessReviewSerializer
    filterset_class = ProcessReviewFilter
    search_fields = ["reference", "process__code", "process__name"]
    ordering_fields = ["reference", "held_on", "status"]
    ordering = ["-held_on", "-id"]
    workflow_operations = _WORKFLOW

    def get_queryset(self):
        return selectors.process_review_list(self.request.user).prefetch_related("participants")

    def perform_create(self, serializer):
        serializer.instance = self._run(
            services.process_review_create, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("process", None)
        if data.get("owner", "") is None:
            data.pop("owner")
        serializer.instance = self._run(
            services.process_review_update, user=self.request.user, review=serializer.instance, **data
        )

    @extend_schema(request=None, responses=ReviewInputSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="collect-inputs")
    def collect_inputs(self, request: Request, pk=None) -> Response:
        entries = self._run(
            services.process_review_collect_inputs, user=request.user, review=self.get_object()
        )
        return Response(ReviewInputSerializer(entries, many=True).data)

    @extend_schema(request=None, responses=ProcessReviewSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request: Request, pk=None) -> Response:
        review = self._run(services.process_review_mark_held, user=request.user, review=self.get_object())
        return Response(self.get_serializer(review).data)

    @extend_schema(request=None, responses=ProcessReviewSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk=None) -> Response:
        review = self._run(services.process_review_sign, user=request.user, review=self.get_object())
        return Response(self.get_serializer(review).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("reviews/management", ManagementReviewViewSet, basename="managementreview")
    router.register("reviews/process", ProcessReviewViewSet, basename="processreview")

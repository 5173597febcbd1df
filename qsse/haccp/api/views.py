"""REST API of the haccp app: every write goes through qsse.haccp.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.core.permissions import can, scope_queryset

from .. import selectors, services
from ..choices import HazardOutcome
from ..models import ProcessStep
from .serializers import (
    AnswerSerializer,
    ControlPointSerializer,
    ControlPointWriteSerializer,
    DecisionSerializer,
    HazardSerializer,
    HazardUpdateSerializer,
    HazardWriteSerializer,
    MonitoringRecordSerializer,
    OprpSerializer,
    PlanListSerializer,
    PlanSerializer,
    PlanWriteSerializer,
    StepSerializer,
    StepUpdateSerializer,
    StepVerifySerializer,
    drf_error,
)


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """HACCP plans of the user's sites with the Codex steps still missing (``missing_steps``)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = PlanSerializer
    filterset_fields = ["site", "status"]
    search_fields = ["reference", "title", "product_name"]
    ordering = ["reference"]

    def get_queryset(self):
        return selectors.plan_list(self.request.user).prefetch_related("team")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return PlanWriteSerializer
        return PlanListSerializer if self.action == "list" else PlanSerializer

    @extend_schema(request=PlanWriteSerializer, responses={201: PlanSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = PlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            plan = services.plan_create(
                user=request.user,
                title=data.pop("title"),
                site=data.pop("site"),
                team=data.pop("team", None),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(
            PlanSerializer(selectors.plan_get(request.user, plan.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PlanWriteSerializer, responses=PlanSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        plan = self.get_object()
        serializer = PlanWriteSerializer(plan, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            services.plan_update(user=request.user, plan=plan, team=data.pop("team", None), **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(PlanSerializer(selectors.plan_get(request.user, plan.pk)).data)

    @extend_schema(request=PlanWriteSerializer, responses=PlanSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    workflow_operations = {"approve": Operation.CLOSE, "new_revision": Operation.EDIT}

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a draft plan: it is frozen, the revision it replaces becomes superseded."""
        plan = self.get_object()
        try:
            services.plan_approve(user=request.user, plan=plan)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(PlanSerializer(selectors.plan_get(request.user, plan.pk)).data)

    @extend_schema(request=None, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"], url_path="new-revision")
    def new_revision(self, request: Request, pk: str | None = None) -> Response:
        """Start revision n + 1 (a draft copy) of an approved plan."""
        plan = self.get_object()
        try:
            revision = services.plan_new_revision(user=request.user, plan=plan)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(
            PlanSerializer(selectors.plan_get(request.user, revision.pk)).data, status=status.HTTP_201_CREATED
        )


class StepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Steps of the flow diagrams, in order. ``POST .../{id}/verify/`` confirms a step on site."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = StepSerializer
    filterset_fields = ["plan"]
    workflow_operations = {"verify": Operation.EDIT, "destroy": Operation.EDIT}

    @extend_schema(request=StepUpdateSerializer, responses=StepSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        step = self.get_object()
        serializer = StepUpdateSerializer(step, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            step = services.step_update(user=request.user, step=step, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(StepSerializer(step).data)

    @extend_schema(request=StepUpdateSerializer, responses=StepSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        """Delete a step of a draft plan; refused (400) while it holds hazards."""
        try:
            services.step_delete(user=request.user, step=self.get_object())
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=StepVerifySerializer, responses=StepSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Confirm the step on site (Codex step 5)."""
        step = self.get_object()
        serializer = StepVerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            step = services.step_verify(user=request.user, step=step, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(StepSerializer(step).data)

    def get_queryset(self):
        return scope_queryset(self.request.user, ProcessStep.objects.select_related("plan")).order_by(
            "plan", "number"
        )

    @extend_schema(request=StepSerializer, responses={201: StepSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        if not selectors.plan_list(request.user).filter(pk=plan.pk).exists():
            raise PermissionDenied
        try:
            step = services.step_add(user=request.user, plan=plan, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(StepSerializer(step).data, status=status.HTTP_201_CREATED)


def _decision_data(hazard) -> dict:
    wizard = selectors.hazard_wizard(hazard)
    decision = wizard["decision"]
    question = wizard["question"]
    return {
        "hazard": hazard.pk,
        "outcome": hazard.outcome if hazard.outcome != HazardOutcome.PENDING else decision.outcome,
        "outcome_label": str(hazard.get_outcome_display()),
        "next_question": decision.next_question,
        "next_question_text": str(question.text) if question else None,
        "path": [
            {"question": key, "text": str(text), "answer": answer} for key, text, answer in wizard["path"]
        ],
    }


class HazardViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Hazard analysis: score, level and significance from the "haccp" matrix, and the CCP decision.

    ``POST .../{id}/answer/`` answers one question of the decision tree and returns the decision.
    """

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = HazardSerializer
    filterset_fields = ["step", "step__plan", "category", "outcome", "is_significant"]
    ordering_fields = ["score", "id"]
    ordering = ["-score", "id"]
    workflow_operations = {
        "answer": Operation.EDIT,
        "decision": Operation.VIEW,
        "classify_oprp": Operation.EDIT,
        "reset_tree": Operation.EDIT,
        "destroy": Operation.EDIT,
    }

    def get_queryset(self):
        return selectors.hazard_list(self.request.user)

    @extend_schema(request=HazardWriteSerializer, responses={201: HazardSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = HazardWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        step = data.pop("step")
        if not can(request.user, Operation.VIEW, step.plan):
            raise PermissionDenied
        try:
            hazard = services.hazard_add(user=request.user, step=step, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(HazardSerializer(hazard).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        hazard = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            hazard = services.hazard_answer(user=request.user, hazard=hazard, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(_decision_data(hazard))

    @extend_schema(request=HazardUpdateSerializer, responses=HazardSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        hazard = self.get_object()
        serializer = HazardUpdateSerializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            hazard = services.hazard_update(user=request.user, hazard=hazard, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(HazardSerializer(hazard).data)

    @extend_schema(request=HazardUpdateSerializer, responses=HazardSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        """Delete a hazard of a draft plan; refused (400) when its CCP holds monitoring records."""
        try:
            services.hazard_delete(user=request.user, hazard=self.get_object())
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=OprpSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="classify-oprp")
    def classify_oprp(self, request: Request, pk: str | None = None) -> Response:
        """Classify a significant hazard the tree did not make a CCP as an OPRP (ISO 22000 §8.5.2.4)."""
        hazard = self.get_object()
        serializer = OprpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            hazard = services.hazard_classify_oprp(
                user=request.user, hazard=hazard, justification=serializer.validated_data["justification"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(_decision_data(hazard))

    @extend_schema(request=None, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="reset-tree")
    def reset_tree(self, request: Request, pk: str | None = None) -> Response:
        """Clear the decision tree answers of the hazard."""
        hazard = self.get_object()
        try:
            hazard = services.hazard_tree_reset(user=request.user, hazard=hazard)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(_decision_data(hazard))

    @extend_schema(responses=DecisionSerializer)
    @action(detail=True, methods=["get"])
    def decision(self, request: Request, pk: str | None = None) -> Response:
        return Response(_decision_data(self.get_object()))

    def check_object_permissions(self, request, obj) -> None:
        super().check_object_permissions(request, obj)
        if self.action == "answer" and not can(request.user, Operation.EDIT, obj.step.plan):
            raise PermissionDenied


class ControlPointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """CCPs and OPRPs with their critical limits, monitoring, corrective actions and verification.

    POST defines the control point of a hazard decided CCP or OPRP (``services.control_point_define``,
    as the page does); PUT/PATCH change it. The kind follows the hazard's outcome."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ControlPointSerializer
    filterset_fields = ["kind", "hazard__step__plan"]
    workflow_operations = {"create": Operation.EDIT}  # defining a CCP edits the plan, as in the page

    def get_queryset(self):
        return selectors.control_point_list(self.request.user).order_by("id")

    def _define(self, request: Request, hazard, data: dict) -> Response:
        data.pop("hazard", None)
        try:
            control = services.control_point_define(user=request.user, hazard=hazard, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return ControlPointSerializer(selectors.control_point_get(request.user, control.pk)).data

    @extend_schema(request=ControlPointWriteSerializer, responses={201: ControlPointSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = ControlPointWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        hazard = selectors.hazard_list(request.user).filter(pk=data["hazard"].pk).first()
        if hazard is None:
            raise NotFound
        return Response(self._define(request, hazard, data), status=status.HTTP_201_CREATED)

    @extend_schema(request=ControlPointWriteSerializer, responses=ControlPointSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        control = self.get_object()
        serializer = ControlPointWriteSerializer(
            control, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return Response(self._define(request, control.hazard, dict(serializer.validated_data)))

    @extend_schema(request=ControlPointWriteSerializer, responses=ControlPointSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


class MonitoringRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Monitoring results; ``is_within_limits`` is computed, an out-of-limit one opens a non-conformity."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = MonitoringRecordSerializer
    filterset_fields = ["control_point", "is_within_limits"]

    def get_queryset(self):
        return selectors.monitoring_record_list(self.request.user)

    @extend_schema(request=MonitoringRecordSerializer, responses={201: MonitoringRecordSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = MonitoringRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        control = data.pop("control_point")
        if not can(request.user, Operation.VIEW, control):
            raise PermissionDenied
        try:
            record = services.monitoring_record_add(user=request.user, control_point=control, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(MonitoringRecordSerializer(record).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("haccp/plans", PlanViewSet, basename="haccp-plan")
    router.register("haccp/steps", StepViewSet, basename="haccp-step")
    router.register("haccp/hazards", HazardViewSet, basename="haccp-hazard")
    router.register("haccp/control-points", ControlPointViewSet, basename="haccp-control-point")
    router.register("haccp/monitoring-records", MonitoringRecordViewSet, basename="haccp-monitoring-record")

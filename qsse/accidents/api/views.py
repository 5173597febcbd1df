"""REST API of the accident register: every write goes through qsse.accidents.services; the victim's
personal data follows the same rule as the pages (hidden, and refused in writes, for roles not
allowed to see it)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.organization import selectors as organization_selectors

from .. import calculations, selectors, services
from .serializers import (
    AccidentSerializer,
    CauseLinkSerializer,
    CauseNodeSerializer,
    HoursWorkedSerializer,
    RateQuerySerializer,
    RateRowSerializer,
    drf_error,
)

VICTIM_KEYS = {
    "victim_person": "victim",
    "witnesses": "witnesses",
    "lesion_nature": "lesion_nature",
    "lesion_seat": "lesion_seat",
    "lesion_details": "lesion_details",
    "first_aid": "first_aid",
}


def _service_fields(validated: dict) -> dict:
    data = dict(validated)
    for api_key, field in VICTIM_KEYS.items():
        if api_key in data:
            data[field] = data.pop(api_key)
    return data


class AccidentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Accidents, incidents and near misses; ``victim`` is null for roles not allowed to see the
    victim's name and medical details."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = AccidentSerializer
    filterset_fields = ["site", "kind", "status", "work_unit"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self):
        return selectors.accident_list(self.request.user)

    def perform_create(self, serializer):
        data = _service_fields(serializer.validated_data)
        try:
            serializer.instance = services.accident_create(
                user=self.request.user,
                kind=data.pop("kind"),
                occurred_at=data.pop("occurred_at"),
                site=data.pop("site"),
                title=data.pop("title"),
                place=data.pop("place"),
                description=data.pop("description"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.accident_update(
                user=self.request.user,
                accident=serializer.instance,
                **_service_fields(serializer.validated_data),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class CauseNodeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Facts of the trees of causes; ``effect`` on creation links the new fact as its cause."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = CauseNodeSerializer
    filterset_fields = ["accident", "kind", "component"]
    ordering = ["accident", "id"]
    workflow_operations = {"create": Operation.EDIT, "destroy": Operation.EDIT}

    def get_queryset(self):
        return selectors.cause_list(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        accident = selectors.accident_get(self.request.user, data["accident"].pk)
        try:
            serializer.instance = services.fact_add(
                user=self.request.user,
                accident=accident,
                text=data["text"],
                kind=data.get("kind", "unusual"),
                component=data.get("component", ""),
                effect=data.get("effect"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        try:
            services.fact_remove(user=self.request.user, node=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class CauseLinkViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Links of the trees of causes (cause → effect); loops and links from the injury refused."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = CauseLinkSerializer
    filterset_fields = ["cause", "effect", "cause__accident"]
    ordering = ["id"]
    workflow_operations = {"create": Operation.EDIT, "destroy": Operation.EDIT}

    def get_queryset(self):
        return selectors.link_list(self.request.user)

    def perform_create(self, serializer):
        cause = selectors.node_get(self.request.user, serializer.validated_data["cause"].pk)
        effect = selectors.node_get(self.request.user, serializer.validated_data["effect"].pk)
        try:
            serializer.instance = services.link_add(user=self.request.user, cause=cause, effect=effect)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        services.link_remove(user=self.request.user, link=instance)


class HoursWorkedViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Hours worked and average headcount per site and month; POST creates or replaces the month."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = HoursWorkedSerializer
    filterset_fields = ["site", "month"]
    ordering = ["site__name", "month"]
    workflow_operations = {"create": Operation.EDIT}

    def get_queryset(self):
        return selectors.hours_list(self.request.user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        # The unique (site, month) check is the service's upsert, not a validation error.
        if hasattr(serializer, "validators"):
            serializer.validators = []
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.hours_set(
                user=self.request.user,
                site=data["site"],
                month=data["month"],
                hours=data["hours"],
                average_headcount=data.get("average_headcount"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class RateViewSet(viewsets.GenericViewSet):
    """TF, TF2, TG, IF of the 12 months ending with ``month`` (default: last month), for a site or
    every visible site, with the rolling 12 months; null = not computable (no hours entered)."""

    permission_classes = [IsAuthenticated]
    serializer_class = RateRowSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.hours_list(self.request.user)

    @extend_schema(parameters=[RateQuerySerializer], responses=RateRowSerializer(many=True))
    def list(self, request: Request) -> Response:
        query = RateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sites = list(organization_selectors.site_list(request.user).filter(is_active=True))
        if "site" in query.validated_data:
            sites = [site for site in sites if site.pk == query.validated_data["site"]]
            if not sites:
                raise ValidationError({"site": "unknown site"})
        if "month" in query.validated_data:
            year, month = (int(part) for part in query.validated_data["month"].split("-"))
            end_month = date(year, month, 1)
        else:
            end_month = calculations.add_months(timezone.localdate().replace(day=1), -1)
        rows = selectors.rates_by_month([site.pk for site in sites], end_month)
        data = [
            {
                "month": row.month,
                "lost_time_accidents": row.figures.lost_time_accidents,
                "other_accidents": row.figures.other_accidents,
                "days_lost": row.figures.days_lost,
                "hours_worked": row.figures.hours_worked,
                "average_headcount": row.figures.average_headcount,
                "tf": row.rates.tf,
                "tf2": row.rates.tf2,
                "tg": row.rates.tg,
                "frequency_index": row.rates.indice,
                "tf_rolling_12_months": row.rolling_rates.tf,
                "tg_rolling_12_months": row.rolling_rates.tg,
            }
            for row in rows
        ]
        return Response(RateRowSerializer(data, many=True).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("accidents/accidents", AccidentViewSet, basename="accidents-accident")
    router.register("accidents/causes", CauseNodeViewSet, basename="accidents-cause")
    router.register("accidents/links", CauseLinkViewSet, basename="accidents-link")
    router.register("accidents/hours", HoursWorkedViewSet, basename="accidents-hours")
    router.register("accidents/rates", RateViewSet, basename="accidents-rates")

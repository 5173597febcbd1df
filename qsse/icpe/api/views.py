"""REST API of the ICPE status: every write goes through qsse.icpe.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.organization import selectors as organization_selectors

from .. import selectors, services
from ..models import Installation
from .serializers import (
    ActivitySerializer,
    ControlSerializer,
    InstallationSerializer,
    RubriqueSerializer,
    SiteStatusSerializer,
    drf_error,
)


class RubriqueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The rubrique catalogue with its thresholds; the organisation may add and correct rubriques."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = RubriqueSerializer
    filterset_fields = ["unit", "to_verify", "is_shipped", "is_active"]
    search_fields = ["code", "title_fr", "title_en"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.rubrique_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.rubrique_create(
                user=self.request.user,
                code=data.pop("code"),
                title_fr=data.pop("title_fr"),
                unit=data.pop("unit"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if data.pop("code", serializer.instance.code) != serializer.instance.code:
            raise drf_error(DjangoValidationError({"code": "the code of a rubrique cannot change"}))
        try:
            services.rubrique_update(user=self.request.user, rubrique=serializer.instance, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class InstallationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The installations of the user's sites."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = InstallationSerializer
    filterset_fields = ["site", "is_in_service"]
    search_fields = ["name", "location"]
    ordering = ["site__name", "name"]

    def get_queryset(self):
        return selectors.installation_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.installation_create(
                user=self.request.user, site=data.pop("site"), name=data.pop("name"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.installation_update(
                user=self.request.user, installation=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class ActivityViewSet(viewsets.ModelViewSet):
    """The quantity each installation holds under each rubrique (in the rubrique's unit)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ActivitySerializer
    filterset_fields = ["installation", "rubrique", "installation__site"]
    ordering = ["rubrique__code", "id"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.activity_list(self.request.user)

    def _installation(self, installation: Installation) -> Installation:
        return selectors.installation_get(self.request.user, installation.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.activity_save(
                user=self.request.user, installation=self._installation(data.pop("installation")), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        installation = self._installation(data.pop("installation", serializer.instance.installation))
        try:
            serializer.instance = services.activity_save(
                user=self.request.user,
                installation=installation,
                activity=serializer.instance,
                rubrique=data.pop("rubrique", serializer.instance.rubrique),
                quantity=data.pop("quantity", serializer.instance.quantity),
                note=data.pop("note", serializer.instance.note),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        services.activity_delete(user=self.request.user, activity=instance)


class ControlViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The periodic controls of DC rubriques (L512-11)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ControlSerializer
    filterset_fields = ["site", "rubrique"]
    ordering = ["-performed_on"]

    def get_queryset(self):
        return selectors.control_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.control_record(
                user=self.request.user,
                site=data.pop("site"),
                rubrique=data.pop("rubrique"),
                performed_on=data.pop("performed_on"),
                body=data.pop("body"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class SiteStatusViewSet(viewsets.GenericViewSet):
    """The ICPE status of each site: regime per rubrique, overall regime, Seveso status, reasoning."""

    permission_classes = [IsAuthenticated]
    serializer_class = SiteStatusSerializer
    pagination_class = None

    def get_queryset(self):
        return organization_selectors.site_list(self.request.user)

    @staticmethod
    def _data(status: selectors.SiteStatus) -> dict:
        return {
            "site": status.site.pk,
            "site_name": status.site.name,
            "regime": status.regime,
            "seveso": status.seveso,
            "rubriques": [
                {
                    "code": row.code,
                    "unit": row.rubrique.unit,
                    "quantity": row.result.quantity,
                    "regime": row.regime,
                    "reasoning": row.result.reasoning,
                }
                for row in status.rows
            ],
            "reasoning": list(status.classification.reasoning),
        }

    @extend_schema(responses=SiteStatusSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(
            SiteStatusSerializer(
                [self._data(s) for s in selectors.sites_overview(request.user)], many=True
            ).data
        )

    @extend_schema(responses=SiteStatusSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        site = selectors.site_get(request.user, int(pk))
        return Response(SiteStatusSerializer(self._data(selectors.site_status(request.user, site))).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("icpe/rubriques", RubriqueViewSet, basename="icpe-rubrique")
    router.register("icpe/installations", InstallationViewSet, basename="icpe-installation")
    router.register("icpe/quantities", ActivityViewSet, basename="icpe-quantity")
    router.register("icpe/controls", ControlViewSet, basename="icpe-control")
    router.register("icpe/site-status", SiteStatusViewSet, basename="icpe-site-status")

from rest_framework import viewsets

from qsse.core.permissions import user_site_ids

from .. import selectors
from ..models import Department, WorkUnit
from .serializers import DepartmentSerializer, PersonSerializer, SiteSerializer, WorkUnitSerializer


class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SiteSerializer
    filterset_fields = ["code"]

    def get_queryset(self):
        return selectors.site_list(self.request.user).order_by("name")


class _SiteScopedReadOnly(viewsets.ReadOnlyModelViewSet):
    model = None

    def get_queryset(self):
        site_ids = user_site_ids(self.request.user)
        queryset = self.model.objects.select_related("site").order_by("site__name", "name")
        return queryset if site_ids is None else queryset.filter(site__in=site_ids)


class DepartmentViewSet(_SiteScopedReadOnly):
    model = Department
    serializer_class = DepartmentSerializer
    filterset_fields = ["site"]


class WorkUnitViewSet(_SiteScopedReadOnly):
    model = WorkUnit
    serializer_class = WorkUnitSerializer
    filterset_fields = ["site", "department"]


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filterset_fields = ["site", "role"]
    search_fields = ["first_name", "last_name", "job_title"]

    def get_queryset(self):
        return selectors.person_list(self.request.user).order_by("last_name", "first_name")


def register_viewsets(router) -> None:
    router.register("sites", SiteViewSet, basename="site")
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("work-units", WorkUnitViewSet, basename="workunit")
    router.register("people", PersonViewSet, basename="person")

"""The figures of the periodic health and safety report as JSON (read only, scoped like the page)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import calculations, selectors
from .serializers import OhsReportQuerySerializer, OhsReportSerializer


class OhsReportView(APIView):
    """The report of ``period`` (``2026-Q3`` or ``2026``; default the last complete quarter) for
    ``site`` or every visible site; rates null = not computable. No victim data."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OhsReportQuerySerializer], responses=OhsReportSerializer)
    def get(self, request: Request) -> Response:
        query = OhsReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        period = calculations.parse_period(query.validated_data.get("period")) or calculations.default_period(
            today
        )
        site = query.validated_data.get("site")
        report = selectors.ohs_report(request.user, period, [site] if site else None, today=today)
        return Response(OhsReportSerializer(report).data)

"""One router for /api/v1/: each app contributes its viewsets through ``register_viewsets(router)``."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from qsse.accidents.api.views import register_viewsets as register_accidents
from qsse.actions.api.views import register_viewsets as register_actions
from qsse.analysis.api.views import register_viewsets as register_analysis
from qsse.audits.api.views import register_viewsets as register_audits
from qsse.compliance.api.views import register_viewsets as register_compliance
from qsse.context.api.views import register_viewsets as register_context
from qsse.documents.api.views import register_viewsets as register_documents
from qsse.duer.api.views import register_viewsets as register_duer
from qsse.energy.api.views import register_viewsets as register_energy
from qsse.environment.api.views import register_viewsets as register_environment
from qsse.fmea.api.views import register_viewsets as register_fmea
from qsse.haccp.api.views import register_viewsets as register_haccp
from qsse.hazop.api.views import register_viewsets as register_hazop
from qsse.icpe.api.views import register_viewsets as register_icpe
from qsse.indicators.api.views import register_viewsets as register_indicators
from qsse.industrialrisks.api.views import register_viewsets as register_industrialrisks
from qsse.inspections.api.views import register_viewsets as register_inspections
from qsse.nonconformities.api.views import register_viewsets as register_nonconformities
from qsse.organization.api.views import register_viewsets as register_organization
from qsse.processes.api.views import register_viewsets as register_processes
from qsse.retention.api.views import register_viewsets as register_retention
from qsse.reviews.api.views import register_viewsets as register_reviews
from qsse.surveillance.api.views import register_viewsets as register_surveillance
from qsse.waste.api.views import register_viewsets as register_waste

router = DefaultRouter()
for register in (
    register_organization,
    register_processes,
    register_actions,
    register_nonconformities,
    register_context,
    register_indicators,
    register_analysis,
    register_reviews,
    register_fmea,
    register_haccp,
    register_hazop,
    register_surveillance,
    register_audits,
    register_compliance,
    register_inspections,
    register_icpe,
    register_accidents,
    register_duer,
    register_environment,
    register_industrialrisks,
    register_documents,
    register_retention,
    register_waste,
    register_energy,
):
    register(router)

api_urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api_token"),
    path("", include(router.urls)),
]

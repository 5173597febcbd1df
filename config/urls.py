from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from qsse.core.api.urls import api_urlpatterns

urlpatterns = [
    path("", include("qsse.core.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organisation/", include("qsse.organization.urls")),
    path("processes/", include("qsse.processes.urls")),
    path("actions/", include("qsse.actions.urls")),
    path("nonconformities/", include("qsse.nonconformities.urls")),
    path("context/", include("qsse.context.urls")),
    path("indicators/", include("qsse.indicators.urls")),
    path("analysis/", include("qsse.analysis.urls")),
    path("reviews/", include("qsse.reviews.urls")),
    path("fmea/", include("qsse.fmea.urls")),
    path("haccp/", include("qsse.haccp.urls")),
    path("hazop/", include("qsse.hazop.urls")),
    path("surveillance/", include("qsse.surveillance.urls")),
    path("audits/", include("qsse.audits.urls")),
    path("compliance/", include("qsse.compliance.urls")),
    path("inspections/", include("qsse.inspections.urls")),
    path("accidents/", include("qsse.accidents.urls")),
    path("duer/", include("qsse.duer.urls")),
    path("ohs-report/", include("qsse.ohsreport.urls")),
    path("environment/", include("qsse.environment.urls")),
    path("icpe/", include("qsse.icpe.urls")),
    path("waste/", include("qsse.waste.urls")),
    path("energy/", include("qsse.energy.urls")),
    path("industrial-risks/", include("qsse.industrialrisks.urls")),
    path("documents/", include("qsse.documents.urls")),
    path("retention/", include("qsse.retention.urls")),
    path("api/v1/ohs-report/", include("qsse.ohsreport.api.urls")),
    path("api/v1/", include(api_urlpatterns)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

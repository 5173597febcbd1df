from django.urls import path

from .views import OhsReportView

app_name = "ohsreport-api"

urlpatterns = [path("", OhsReportView.as_view(), name="report")]

from django.urls import path

from . import views

app_name = "ohsreport"

urlpatterns = [
    path("", views.ohs_report, name="report"),
    path("pdf/", views.ohs_report_pdf, name="pdf"),
]

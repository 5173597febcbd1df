from django.urls import path

from . import views

app_name = "waste"

urlpatterns = [
    path("", views.RemovalListView.as_view(), name="removal_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("removals/new/", views.removal_create, name="removal_create"),
    path("removals/import/", views.removal_import, name="removal_import"),
    path("removals/import/template.xlsx", views.removal_import_template, name="removal_import_template"),
    path("removals/<int:pk>/", views.removal_detail, name="removal_detail"),
    path("removals/<int:pk>/edit/", views.removal_edit, name="removal_edit"),
    path("streams/", views.StreamListView.as_view(), name="stream_list"),
    path("streams/new/", views.stream_create, name="stream_create"),
    path("streams/<int:pk>/", views.stream_detail, name="stream_detail"),
    path("streams/<int:pk>/edit/", views.stream_edit, name="stream_edit"),
    path("contractors/", views.ContractorListView.as_view(), name="contractor_list"),
    path("contractors/new/", views.contractor_create, name="contractor_create"),
    path("contractors/<int:pk>/", views.contractor_detail, name="contractor_detail"),
    path("contractors/<int:pk>/edit/", views.contractor_edit, name="contractor_edit"),
    path("codes/", views.code_list, name="code_list"),
    path("codes/options/", views.code_options, name="code_options"),
    path("treatments/", views.treatment_list, name="treatment_list"),
]

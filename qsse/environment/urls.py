from django.urls import path

from . import views

app_name = "environment"

urlpatterns = [
    path("", views.AnalysisListView.as_view(), name="analysis_list"),
    path("new/", views.analysis_create, name="analysis_create"),
    path("aspects/", views.AspectListView.as_view(), name="aspect_list"),
    path("summary/", views.summary_all, name="summary"),
    path("settings/", views.settings_edit, name="settings"),
    path("<int:pk>/", views.analysis_detail, name="analysis_detail"),
    path("<int:pk>/edit/", views.analysis_edit, name="analysis_edit"),
    path("<int:pk>/approve/", views.analysis_approve, name="analysis_approve"),
    path("<int:pk>/new-version/", views.analysis_new_version, name="analysis_new_version"),
    path("<int:pk>/summary/", views.analysis_summary, name="analysis_summary"),
    path("<int:pk>/analysis.pdf", views.analysis_pdf, name="analysis_pdf"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/aspects/new/", views.aspect_create, name="aspect_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("aspects/<int:pk>/", views.aspect_detail, name="aspect_detail"),
    path("aspects/<int:pk>/edit/", views.aspect_edit, name="aspect_edit"),
    path("aspects/<int:pk>/delete/", views.aspect_delete, name="aspect_delete"),
    path("aspects/<int:pk>/action/", views.aspect_action, name="aspect_action"),
    path("aspects/<int:pk>/objective/", views.aspect_objective, name="aspect_objective"),
]

from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="assessment_list"),
    path("summary/", views.assessment_summary, name="assessment_summary"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("standards/<int:pk>/gap-analysis/", views.gap_analysis, name="gap_analysis"),
    path("standards/<int:pk>/snapshots/", views.snapshot_take, name="snapshot_take"),
    path("libraries/", views.library_list, name="library_list"),
    path("libraries/import/", views.library_import, name="library_import"),
    path("libraries/<int:pk>/", views.library_detail, name="library_detail"),
    path("profiles/", views.profile_list, name="profile_list"),
    path("profiles/<int:site_pk>/", views.profile_edit, name="profile_edit"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/applicability/", views.assessment_decide, name="assessment_decide"),
    path("assessments/<int:pk>/assess/", views.assessment_assess, name="assessment_assess"),
    path("assessments/<int:pk>/status/", views.assessment_status, name="assessment_status"),
]

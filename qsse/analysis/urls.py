from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("datasets/upload/", views.dataset_upload, name="dataset_upload"),
    path("datasets/import/", views.dataset_import, name="dataset_import"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("datasets/<int:pk>/edit/", views.dataset_edit, name="dataset_edit"),
    path("datasets/<int:pk>/delete/", views.dataset_delete, name="dataset_delete"),
    path("datasets/<int:pk>/pivot/export/", views.pivot_export, name="pivot_export"),
    path("datasets/<int:pk>/<slug:slug>/", views.tool_run, name="tool_run"),
    path("datasets/<int:pk>/<slug:slug>/save/", views.analysis_save, name="analysis_save"),
    path("tools/pivot/", views.tool_pick, {"slug": "pivot"}, name="tool_pick_pivot"),
    path("tools/pareto/", views.tool_pick, {"slug": "pareto"}, name="tool_pick_pareto"),
    path("tools/control-chart/", views.tool_pick, {"slug": "control-chart"}, name="tool_pick_control_chart"),
    path("tools/<slug:slug>/", views.tool_pick, name="tool_pick"),
    path("saved/", views.analysis_list, name="analysis_list"),
    path("saved/<int:pk>/", views.analysis_detail, name="analysis_detail"),
    path("saved/<int:pk>/action/", views.analysis_create_action, name="analysis_create_action"),
    path("saved/<int:pk>/delete/", views.analysis_delete, name="analysis_delete"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/<slug:kind>/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/delete/", views.decision_delete, name="decision_delete"),
]

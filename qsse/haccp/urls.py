from django.urls import path

from . import views

app_name = "haccp"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/new-revision/", views.plan_new_revision, name="plan_new_revision"),
    path("<int:pk>/steps/add/", views.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_pk>/verify/", views.step_verify, name="step_verify"),
    path("<int:pk>/steps/<int:step_pk>/edit/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/delete/", views.step_delete, name="step_delete"),
    path("<int:pk>/hazards/add/", views.hazard_add, name="hazard_add"),
    path("hazards/<int:pk>/edit/", views.hazard_edit, name="hazard_edit"),
    path("hazards/<int:pk>/delete/", views.hazard_delete, name="hazard_delete"),
    path("<int:pk>/hazards.xlsx", views.hazards_export, name="hazards_export"),
    path("hazards/<int:pk>/tree/", views.hazard_tree, name="hazard_tree"),
    path("hazards/<int:pk>/control-point/", views.control_point_edit, name="control_point_edit"),
    path("<int:pk>/records/add/", views.record_add, name="record_add"),
]

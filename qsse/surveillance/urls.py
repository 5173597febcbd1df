from django.urls import path

from . import views

app_name = "surveillance"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:plan_pk>/controls/new/", views.control_point_create, name="control_point_create"),
    path("controls/<int:pk>/", views.control_point_detail, name="control_point_detail"),
    path("controls/<int:pk>/edit/", views.control_point_edit, name="control_point_edit"),
    path("controls/<int:pk>/results/", views.control_result_create, name="control_result_create"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("mine/", views.my_controls, name="my_controls"),
    path("risks/", views.risk_ranking, name="risk_ranking"),
]

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/site/<int:pk>/", views.dashboard_site, name="dashboard_site"),
    path("dashboard/process/<int:pk>/", views.dashboard_process, name="dashboard_process"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/cards/", views.kiosk_cards, name="kiosk_cards"),
    path("new/", views.indicator_create, name="indicator_create"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/entry/", views.indicator_entry, name="indicator_entry"),
    path("<int:pk>/recompute/", views.indicator_recompute, name="indicator_recompute"),
    path("import/", views.measurement_import, name="measurement_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("objectives/", views.objective_tree, name="objective_tree"),
    path("objectives/new/", views.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("policy/new/", views.policy_create, name="policy_create"),
    path("policy/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
]

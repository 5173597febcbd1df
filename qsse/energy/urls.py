from django.urls import path

from . import views

app_name = "energy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("review/", views.review, name="review"),
    path("carriers/", views.carrier_list, name="carrier_list"),
    path("carriers/new/", views.carrier_create, name="carrier_create"),
    path("carriers/<int:pk>/edit/", views.carrier_edit, name="carrier_edit"),
    path("carriers/<int:pk>/factors/new/", views.factor_create, name="factor_create"),
    path("factors/<int:pk>/edit/", views.factor_edit, name="factor_edit"),
    path("meters/", views.MeterListView.as_view(), name="meter_list"),
    path("meters/new/", views.meter_create, name="meter_create"),
    path("meters/<int:pk>/", views.meter_detail, name="meter_detail"),
    path("meters/<int:pk>/edit/", views.meter_edit, name="meter_edit"),
    path("meters/<int:pk>/records/new/", views.consumption_create, name="consumption_create"),
    path("records/", views.ConsumptionListView.as_view(), name="consumption_list"),
    path("records/import/", views.consumption_import, name="consumption_import"),
    path(
        "records/import/template.xlsx", views.consumption_import_template, name="consumption_import_template"
    ),
    path("records/<int:pk>/edit/", views.consumption_edit, name="consumption_edit"),
    path("records/<int:pk>/delete/", views.consumption_delete, name="consumption_delete"),
    path("variables/", views.VariableListView.as_view(), name="variable_list"),
    path("variables/new/", views.variable_create, name="variable_create"),
    path("variables/<int:pk>/", views.variable_detail, name="variable_detail"),
    path("variables/<int:pk>/edit/", views.variable_edit, name="variable_edit"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("levers/", views.LeverListView.as_view(), name="lever_list"),
    path("levers/new/", views.lever_create, name="lever_create"),
    path("levers/<int:pk>/", views.lever_detail, name="lever_detail"),
    path("levers/<int:pk>/edit/", views.lever_edit, name="lever_edit"),
    path("levers/<int:pk>/action/", views.lever_action, name="lever_action"),
]

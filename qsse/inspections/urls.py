from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.ScheduleListView.as_view(), name="schedule_list"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.type_create, name="type_create"),
    path("catalogue/kinds/new/", views.kind_create, name="kind_create"),
    path("catalogue/<int:pk>/edit/", views.type_edit, name="type_edit"),
    path("equipment/", views.EquipmentListView.as_view(), name="equipment_list"),
    path("equipment/new/", views.equipment_create, name="equipment_create"),
    path("equipment/import/", views.equipment_import, name="equipment_import"),
    path("equipment/import/template.xlsx", views.equipment_import_template, name="equipment_import_template"),
    path("equipment/<int:pk>/", views.equipment_detail, name="equipment_detail"),
    path("equipment/<int:pk>/edit/", views.equipment_edit, name="equipment_edit"),
    path("equipment/<int:pk>/regenerate/", views.equipment_regenerate, name="equipment_regenerate"),
    path("lines/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("lines/<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("lines/<int:pk>/not-required/", views.schedule_not_required, name="schedule_not_required"),
    path("lines/<int:pk>/required/", views.schedule_required, name="schedule_required"),
    path("lines/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/observations/", views.observation_add, name="observation_add"),
    path("observations/", views.ObservationListView.as_view(), name="observation_list"),
    path("observations/<int:pk>/action/", views.observation_action, name="observation_action"),
]

from django.urls import path

from . import views

app_name = "duer"

urlpatterns = [
    path("", views.duer_list, name="duer_list"),
    path("new/", views.duer_create, name="duer_create"),
    path("families/", views.family_list, name="family_list"),
    path("<int:pk>/", views.duer_detail, name="duer_detail"),
    path("<int:pk>/units/<int:unit_pk>/", views.work_unit, name="work_unit"),
    path("<int:pk>/units/<int:unit_pk>/hazards/new/", views.hazard_create, name="hazard_create"),
    path("<int:pk>/units/<int:unit_pk>/sheet/", views.workstation_sheet, name="workstation_sheet"),
    path("<int:pk>/ranking/", views.ranking, name="ranking"),
    path("<int:pk>/versions/", views.version_list, name="version_list"),
    path("<int:pk>/programme/", views.programme, name="programme"),
    path("<int:pk>/draft.pdf", views.draft_pdf, name="draft_pdf"),
    path("<int:pk>/draft.xlsx", views.draft_excel, name="draft_excel"),
    path("hazards/<int:pk>/edit/", views.hazard_edit, name="hazard_edit"),
    path("hazards/<int:pk>/delete/", views.hazard_delete, name="hazard_delete"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("hazards/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/action/", views.measure_to_action, name="measure_to_action"),
    path("versions/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("versions/<int:pk>/xlsx/", views.version_excel, name="version_excel"),
]

from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("record-types/new/", views.record_type_create, name="record_type_create"),
    path("record-types/<int:pk>/edit/", views.record_type_edit, name="record_type_edit"),
    path("record-types/<int:pk>/flag/", views.purge_prepare, name="purge_prepare"),
    path("purges/", views.PurgeLogView.as_view(), name="purge_list"),
    path("purges/<int:pk>/", views.purge_detail, name="purge_detail"),
    path("purges/<int:pk>/confirm/", views.purge_confirm, name="purge_confirm"),
    path("purges/<int:pk>/cancel/", views.purge_cancel, name="purge_cancel"),
    path("inventory/", views.inventory, name="inventory"),
    path("inventory/<str:key>/notes/", views.inventory_note, name="inventory_note"),
    path("subject-access/", views.subject_access, name="subject_access"),
]

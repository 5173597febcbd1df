from django.urls import path

from . import views

app_name = "processes"

urlpatterns = [
    path("", views.ProcessListView.as_view(), name="process_list"),
    path("map/", views.ProcessMapView.as_view(), name="process_map"),
    path("new/", views.process_create, name="process_create"),
    path("<int:pk>/", views.process_detail, name="process_detail"),
    path("<int:pk>/edit/", views.process_edit, name="process_edit"),
    path("<int:pk>/deactivate/", views.process_deactivate, name="process_deactivate"),
    path("<int:pk>/reactivate/", views.process_reactivate, name="process_reactivate"),
    path("<int:pk>/sheet.pdf", views.process_sheet_pdf, name="process_sheet_pdf"),
    path("<int:pk>/interactions/", views.interaction_add, name="interaction_add"),
    path(
        "<int:pk>/interactions/<int:interaction_pk>/delete/",
        views.interaction_delete,
        name="interaction_delete",
    ),
]

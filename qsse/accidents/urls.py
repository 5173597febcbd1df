from django.urls import path

from . import views

app_name = "accidents"

urlpatterns = [
    path("", views.AccidentListView.as_view(), name="accident_list"),
    path("new/", views.accident_create, name="accident_create"),
    path("<int:pk>/", views.accident_detail, name="accident_detail"),
    path("<int:pk>/edit/", views.accident_edit, name="accident_edit"),
    path("<int:pk>/print/", views.accident_print, name="accident_print"),
    path("<int:pk>/pdf/", views.accident_pdf, name="accident_pdf"),
    path("<int:pk>/facts/", views.fact_add, name="fact_add"),
    path("<int:pk>/links/", views.link_add, name="link_add"),
    path("facts/<int:pk>/edit/", views.fact_edit, name="fact_edit"),
    path("facts/<int:pk>/remove/", views.fact_remove, name="fact_remove"),
    path("facts/<int:pk>/action/", views.fact_action, name="fact_action"),
    path("links/<int:pk>/remove/", views.link_remove, name="link_remove"),
    path("<int:pk>/duer/", views.duer_link, name="duer_link"),
    path("duer-links/<int:pk>/remove/", views.duer_unlink, name="duer_unlink"),
    path("hours/", views.hours, name="hours"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("kiosk/", views.kiosk, name="kiosk"),
]

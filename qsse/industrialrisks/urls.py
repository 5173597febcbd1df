from django.urls import path

from . import views

app_name = "industrialrisks"

urlpatterns = [
    path("", views.PhenomenonListView.as_view(), name="phenomenon_list"),
    path("new/", views.phenomenon_create, name="phenomenon_create"),
    path("<int:pk>/", views.phenomenon_detail, name="phenomenon_detail"),
    path("<int:pk>/edit/", views.phenomenon_edit, name="phenomenon_edit"),
    path("<int:pk>/delete/", views.phenomenon_delete, name="phenomenon_delete"),
    path("<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/existing/", views.measure_existing, name="measure_existing"),
    path("measures/<int:pk>/action/", views.measure_action, name="measure_action"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/drills/new/", views.drill_create, name="drill_create"),
    path("plans/<int:pk>/<str:part>/new/", views.plan_part_create, name="plan_part_create"),
    path("plans/<int:pk>/<str:part>/<int:part_pk>/delete/", views.plan_part_delete, name="plan_part_delete"),
    path("drills/<int:pk>/", views.drill_detail, name="drill_detail"),
    path("drills/<int:pk>/action/", views.drill_action, name="drill_action"),
]

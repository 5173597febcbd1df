from django.urls import path

from . import views

app_name = "nonconformities"

urlpatterns = [
    path("", views.NonconformityListView.as_view(), name="nonconformity_list"),
    path("stats/", views.NonconformityStatsView.as_view(), name="nonconformity_stats"),
    path("new/", views.nonconformity_create, name="nonconformity_create"),
    path("<int:pk>/", views.nonconformity_detail, name="nonconformity_detail"),
    path("<int:pk>/edit/", views.nonconformity_edit, name="nonconformity_edit"),
    path("<int:pk>/close/", views.nonconformity_close, name="nonconformity_close"),
    path("<int:pk>/cancel/", views.nonconformity_cancel, name="nonconformity_cancel"),
    path("<int:pk>/reopen/", views.nonconformity_reopen, name="nonconformity_reopen"),
    path("<int:pk>/delete/", views.nonconformity_delete, name="nonconformity_delete"),
    path("<int:pk>/whys/", views.why_steps_edit, name="nonconformity_whys"),
    path("<int:pk>/whys/retain/", views.why_retain, name="nonconformity_why_retain"),
    path("<int:pk>/ishikawa/add/", views.ishikawa_add, name="nonconformity_ishikawa_add"),
    path(
        "<int:pk>/ishikawa/<int:cause_pk>/remove/",
        views.ishikawa_remove,
        name="nonconformity_ishikawa_remove",
    ),
    path(
        "<int:pk>/ishikawa/<int:cause_pk>/retain/",
        views.ishikawa_retain,
        name="nonconformity_ishikawa_retain",
    ),
    path("<int:pk>/ishikawa/print/", views.fishbone_print, name="nonconformity_fishbone_print"),
    path("<int:pk>/root-causes/add/", views.root_cause_add, name="nonconformity_root_cause_add"),
    path(
        "<int:pk>/root-causes/<int:root_cause_pk>/remove/",
        views.root_cause_remove,
        name="nonconformity_root_cause_remove",
    ),
    path(
        "<int:pk>/root-causes/<int:root_cause_pk>/action/",
        views.root_cause_create_action,
        name="nonconformity_root_cause_action",
    ),
    path("<int:pk>/8d/", views.eight_d_edit, name="nonconformity_eight_d"),
    path("<int:pk>/8d.pdf", views.eight_d_pdf, name="nonconformity_eight_d_pdf"),
]

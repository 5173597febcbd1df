from django.urls import path

from . import views

app_name = "icpe"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("sites/<int:pk>/", views.site_status, name="site_status"),
    path("sites/<int:pk>/pdf/", views.site_pdf, name="site_pdf"),
    path("sites/<int:pk>/compliance-profile/", views.site_compliance_update, name="site_compliance_update"),
    path("rubriques/", views.RubriqueListView.as_view(), name="rubrique_list"),
    path("rubriques/new/", views.rubrique_create, name="rubrique_create"),
    path("rubriques/<int:pk>/", views.rubrique_detail, name="rubrique_detail"),
    path("rubriques/<int:pk>/edit/", views.rubrique_edit, name="rubrique_edit"),
    path("rubriques/<int:pk>/thresholds/new/", views.threshold_save, name="threshold_create"),
    path("rubriques/<int:pk>/thresholds/<int:threshold_pk>/", views.threshold_save, name="threshold_edit"),
    path("thresholds/<int:pk>/delete/", views.threshold_delete, name="threshold_delete"),
    path("installations/", views.InstallationRegisterView.as_view(), name="register"),
    path("installations/new/", views.installation_create, name="installation_create"),
    path("installations/<int:pk>/", views.installation_detail, name="installation_detail"),
    path("installations/<int:pk>/edit/", views.installation_edit, name="installation_edit"),
    path("installations/<int:pk>/quantities/new/", views.activity_save, name="activity_create"),
    path("installations/<int:pk>/quantities/<int:activity_pk>/", views.activity_save, name="activity_edit"),
    path("quantities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("controls/", views.control_list, name="control_list"),
    path("controls/new/", views.control_create, name="control_create"),
    path("history/", views.history, name="history"),
]

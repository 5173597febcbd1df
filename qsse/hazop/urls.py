from django.urls import path

from . import views

app_name = "hazop"

urlpatterns = [
    path("", views.StudyListView.as_view(), name="study_list"),
    path("new/", views.study_create, name="study_create"),
    path("<int:pk>/", views.study_detail, name="study_detail"),
    path("<int:pk>/edit/", views.study_edit, name="study_edit"),
    path("<int:pk>/complete/", views.study_complete, name="study_complete"),
    path("<int:pk>/reopen/", views.study_reopen, name="study_reopen"),
    path("<int:pk>/archive/", views.study_archive, name="study_archive"),
    path("<int:pk>/nodes/add/", views.node_add, name="node_add"),
    path("<int:pk>/nodes/<int:node_pk>/edit/", views.node_edit, name="node_edit"),
    path("<int:pk>/nodes/<int:node_pk>/delete/", views.node_delete, name="node_delete"),
    path("<int:pk>/nodes/<int:node_pk>/generate/", views.deviations_generate, name="deviations_generate"),
    path("<int:pk>/worksheet.pdf", views.worksheet_pdf, name="worksheet_pdf"),
    path("<int:pk>/worksheet.xlsx", views.worksheet_export, name="worksheet_export"),
    path("deviations/<int:pk>/", views.deviation_row, name="deviation_row"),
    path("deviations/<int:pk>/action/", views.deviation_action, name="deviation_action"),
    path("deviations/<int:pk>/close/", views.deviation_close, name="deviation_close"),
]

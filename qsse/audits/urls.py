from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.AuditListView.as_view(), name="audit_list"),
    path("new/", views.audit_create, name="audit_create"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/items/add/", views.programme_item_add, name="programme_item_add"),
    path("programmes/<int:pk>/propose/", views.programme_propose, name="programme_propose"),
    path("programme-items/<int:pk>/delete/", views.programme_item_delete, name="programme_item_delete"),
    path("auditors/", views.auditor_list, name="auditor_list"),
    path("auditors/new/", views.auditor_create, name="auditor_create"),
    path("auditors/<int:pk>/", views.auditor_detail, name="auditor_detail"),
    path("auditors/<int:pk>/edit/", views.auditor_edit, name="auditor_edit"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("<int:pk>/", views.audit_detail, name="audit_detail"),
    path("<int:pk>/edit/", views.audit_edit, name="audit_edit"),
    path("<int:pk>/team/", views.audit_team, name="audit_team"),
    path("<int:pk>/status/", views.audit_status, name="audit_status"),
    path("<int:pk>/schedule/add/", views.plan_slot_add, name="plan_slot_add"),
    path("<int:pk>/schedule/<int:slot_pk>/delete/", views.plan_slot_delete, name="plan_slot_delete"),
    path("<int:pk>/checklist/", views.audit_checklist, name="audit_checklist"),
    path("<int:pk>/checklist/template/", views.checklist_from_template, name="checklist_from_template"),
    path("<int:pk>/checklist/clauses/", views.checklist_from_clauses, name="checklist_from_clauses"),
    path("<int:pk>/checklist/add/", views.checklist_question_add, name="checklist_question_add"),
    path("<int:pk>/checklist/sync/", views.checklist_sync, name="checklist_sync"),
    path("<int:pk>/checklist/<int:question_pk>/answer/", views.checklist_answer, name="checklist_answer"),
    path("<int:pk>/checklist/<int:question_pk>/photo/", views.checklist_photo, name="checklist_photo"),
    path("<int:pk>/findings/", views.audit_findings, name="audit_findings"),
    path("<int:pk>/meetings/", views.audit_meetings, name="audit_meetings"),
    path("<int:pk>/meetings/<str:kind>/", views.audit_meeting_edit, name="audit_meeting_edit"),
    path("<int:pk>/report/", views.audit_report, name="audit_report"),
    path("<int:pk>/report.pdf", views.audit_report_pdf, name="audit_report_pdf"),
]

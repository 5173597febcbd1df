from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.ManagementReviewListView.as_view(), name="management_review_list"),
    path("new/", views.management_review_create, name="management_review_create"),
    path("<int:pk>/", views.management_review_detail, name="management_review_detail"),
    path("<int:pk>/edit/", views.management_review_edit, name="management_review_edit"),
    path("<int:pk>/collect/", views.management_review_collect, name="management_review_collect"),
    path("<int:pk>/freeze/", views.management_review_freeze, name="management_review_freeze"),
    path("<int:pk>/held/", views.management_review_held, name="management_review_held"),
    path("<int:pk>/sign/", views.management_review_sign, name="management_review_sign"),
    path("process/", views.ProcessReviewListView.as_view(), name="process_review_list"),
    path("process/new/", views.process_review_create, name="process_review_create"),
    path("process/<int:pk>/", views.process_review_detail, name="process_review_detail"),
    path("process/<int:pk>/edit/", views.process_review_edit, name="process_review_edit"),
    path("process/<int:pk>/collect/", views.process_review_collect, name="process_review_collect"),
    path("process/<int:pk>/held/", views.process_review_held, name="process_review_held"),
    path("process/<int:pk>/sign/", views.process_review_sign, name="process_review_sign"),
    # Both kinds: ``kind`` is "management" or "process".
    path("<str:kind>/<int:pk>/inputs/<int:entry_pk>/comment/", views.input_comment, name="input_comment"),
    path("<str:kind>/<int:pk>/decisions/add/", views.decision_add, name="decision_add"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, {"kind": "management"}, name="management_review_minutes"),
    path(
        "process/<int:pk>/minutes.pdf", views.minutes_pdf, {"kind": "process"}, name="process_review_minutes"
    ),
]

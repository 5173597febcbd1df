from django.urls import path

from . import views

app_name = "fmea"

urlpatterns = [
    path("", views.FmeaListView.as_view(), name="fmea_list"),
    path("new/", views.fmea_create, name="fmea_create"),
    path("settings/", views.settings_edit, name="settings"),
    path("rating-guides/", views.rating_guides, name="rating_guides"),
    path("ap-tables/import/", views.ap_table_import, name="ap_table_import"),
    path("ap-tables/<int:pk>/activate/", views.ap_table_activate, name="ap_table_activate"),
    path("ap-tables/<int:pk>.csv", views.ap_table_csv, name="ap_table_csv"),
    path("<int:pk>/", views.fmea_detail, name="fmea_detail"),
    path("<int:pk>/edit/", views.fmea_edit, name="fmea_edit"),
    path("<int:pk>/status/", views.fmea_status, name="fmea_status"),
    path("<int:pk>/functions/add/", views.function_add, name="function_add"),
    path("<int:pk>/functions/<int:function_pk>/remove/", views.function_remove, name="function_remove"),
    path("<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("<int:pk>/worksheet.xlsx", views.worksheet_export, name="worksheet_export"),
    path("<int:pk>/worksheet.pdf", views.worksheet_pdf, name="worksheet_pdf"),
    path("<int:pk>/import/", views.worksheet_import, name="worksheet_import"),
    path("lines/<int:pk>/", views.line_row, name="line_row"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("lines/<int:pk>/action/", views.line_action, name="line_action"),
    path("lines/<int:pk>/rerate/", views.line_rerate, name="line_rerate"),
]

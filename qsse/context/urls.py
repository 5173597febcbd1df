from django.urls import path

from . import views

app_name = "context"

urlpatterns = [
    path("analyses/", views.analysis_list, name="analysis_list"),
    path("analyses/new/", views.analysis_create, name="analysis_create"),
    path("analyses/<int:pk>/", views.analysis_detail, name="analysis_detail"),
    path("analyses/<int:pk>/edit/", views.analysis_edit, name="analysis_edit"),
    path("analyses/<int:pk>/approve/", views.analysis_approve, name="analysis_approve"),
    path("analyses/<int:pk>/new-version/", views.analysis_new_version, name="analysis_new_version"),
    path("analyses/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("analyses/<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("analyses/<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("parties/", views.PartyListView.as_view(), name="party_list"),
    path("parties/grid/", views.party_grid, name="party_grid"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<int:pk>/", views.party_edit, name="party_edit"),
    path("parties/<int:pk>/delete/", views.party_delete, name="party_delete"),
    path("summary/", views.summary_view, name="summary"),
    path("summary/edit/", views.summary_edit, name="summary_edit"),
    path("matrix/", views.matrix_list, name="matrix_list"),
    path("matrix/new/", views.matrix_create, name="matrix_create"),
    path("matrix/preview/", views.matrix_preview, name="matrix_preview"),
    path("matrix/<int:pk>/", views.matrix_edit, name="matrix_edit"),
    path("matrix/<int:pk>/activate/", views.matrix_activate, name="matrix_activate"),
    path("risks/", views.RiskListView.as_view(), name="risk_list"),
    path("risks/new/", views.risk_create, name="risk_create"),
    path("risks/heat-map/", views.heat_map, name="heat_map"),
    path("risks/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/delete/", views.risk_delete, name="risk_delete"),
    path("risks/<int:pk>/action/", views.risk_treatment_action, name="risk_treatment_action"),
]

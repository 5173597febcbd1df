from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.ActionListView.as_view(), name="action_list"),
    path("stats/", views.ActionStatsView.as_view(), name="action_stats"),
    path("mine/stats/", views.ActionMineStatsView.as_view(), name="action_mine_stats"),
    path("board/", views.ActionBoardView.as_view(), name="action_board"),
    path("mine/", views.ActionMineView.as_view(), name="action_mine"),
    path("new/", views.action_create, name="action_create"),
    path("calendar/<str:token>/actions.ics", views.action_ical, name="action_ical"),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("<int:pk>/status/", views.action_status, name="action_status"),
    path("<int:pk>/efficacy/", views.action_efficacy, name="action_efficacy"),
    path("<int:pk>/delete/", views.action_delete, name="action_delete"),
]

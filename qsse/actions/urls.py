from django.urls import path
from django.views.generic import TemplateView

app_name = "actions"

placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("", placeholder, name="action_list"),
    path("board/", placeholder, name="action_board"),
    path("mine/", placeholder, name="action_mine"),
    path("<int:pk>/", placeholder, name="action_detail"),
]

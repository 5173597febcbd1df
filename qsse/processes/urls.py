from django.urls import path
from django.views.generic import TemplateView

app_name = "processes"

placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("", placeholder, name="process_list"),
    path("map/", placeholder, name="process_map"),
    path("<int:pk>/", placeholder, name="process_detail"),
]

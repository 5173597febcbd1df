from django.urls import path
from django.views.generic import TemplateView

app_name = "nonconformities"

placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("", placeholder, name="nonconformity_list"),
    path("new/", placeholder, name="nonconformity_create"),
    path("<int:pk>/", placeholder, name="nonconformity_detail"),
]

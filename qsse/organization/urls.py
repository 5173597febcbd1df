from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
]

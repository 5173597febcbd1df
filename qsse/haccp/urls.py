app_name = "haccp"

urlpatterns: list = []

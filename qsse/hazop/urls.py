app_name = "hazop"

urlpatterns: list = []

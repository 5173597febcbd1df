app_name = "fmea"

urlpatterns: list = []

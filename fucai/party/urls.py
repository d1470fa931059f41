from .views import activities, home, members

app_name = "party"

urlpatterns = [
    *home.urlpatterns,
    *members.urlpatterns,
    *activities.urlpatterns,
]

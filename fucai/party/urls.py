from .views import activities, home, members, records

app_name = "party"

urlpatterns = [
    *home.urlpatterns,
    *members.urlpatterns,
    *activities.urlpatterns,
    *records.urlpatterns,
]

from .views import activities, branches, home, members, records

app_name = "party"

urlpatterns = [
    *home.urlpatterns,
    *members.urlpatterns,
    *branches.urlpatterns,
    *activities.urlpatterns,
    *records.urlpatterns,
]

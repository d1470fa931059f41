from .views import activities, beneficiaries, grants

app_name = "charity"

urlpatterns = [
    *activities.urlpatterns,
    *beneficiaries.urlpatterns,
    *grants.urlpatterns,
]

from .views import complaints, evaluation, supervisors

app_name = "feedback"

urlpatterns = [
    *complaints.urlpatterns,
    *evaluation.urlpatterns,
    *supervisors.urlpatterns,
]

from .views import complaints, evaluation, rules, supervisors

app_name = "feedback"

urlpatterns = [
    *complaints.urlpatterns,
    *evaluation.urlpatterns,
    *supervisors.urlpatterns,
    *rules.urlpatterns,
]

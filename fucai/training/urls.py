from .views import exams, learn, manage, questions, results

app_name = "training"

urlpatterns = [
    *learn.urlpatterns,
    *exams.urlpatterns,
    *manage.urlpatterns,
    *questions.urlpatterns,
    *results.urlpatterns,
]

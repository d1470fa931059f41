from .views import (
    checklists,
    field,
    inspections,
    planning,
    ratings,
    rectifications,
    reviews,
    stars,
    violations,
    visits,
)

app_name = "governance"

urlpatterns = [
    *planning.urlpatterns,
    *checklists.urlpatterns,
    *field.urlpatterns,
    *inspections.urlpatterns,
    *rectifications.urlpatterns,
    *violations.urlpatterns,
    *visits.urlpatterns,
    *reviews.urlpatterns,
    *ratings.urlpatterns,
    *stars.urlpatterns,
]

from .views import (
    bundles,
    checklists,
    commendations,
    field,
    inspections,
    planning,
    ratings,
    rectifications,
    reviews,
    stars,
    stars_evidence,
    stars_provincial,
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
    *bundles.urlpatterns,
    *ratings.urlpatterns,
    *stars.urlpatterns,
    *stars_evidence.urlpatterns,
    *stars_provincial.urlpatterns,
    *commendations.urlpatterns,
]

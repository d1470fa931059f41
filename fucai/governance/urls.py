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
    *commendations.urlpatterns,
]

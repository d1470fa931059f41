from .views import (
    bundles,
    checklists,
    field,
    inspections,
    planning,
    rectifications,
    reviews,
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
]

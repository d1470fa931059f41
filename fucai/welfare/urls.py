from .views import approvals, disclosures, ledger, projects

app_name = "welfare"

urlpatterns = [
    *ledger.urlpatterns,
    *projects.urlpatterns,
    *approvals.urlpatterns,
    *disclosures.urlpatterns,
]

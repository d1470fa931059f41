from django.urls import path

from . import views
from .views import certificates, insurance, staff

app_name = "stations"

urlpatterns = [
    path("", views.StationListView.as_view(), name="list"),
    path("new/", views.StationEditView.as_view(), name="create"),
    path("next-code/", views.NextCodeView.as_view(), name="next_code"),
    path("insurance/", views.InsuranceOverviewView.as_view(), name="insurance"),
    # Sales staff and certificates: before the "<str:code>/" routes.
    *staff.urlpatterns,
    *certificates.urlpatterns,
    *insurance.urlpatterns,
    path("<str:code>/", views.StationDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.StationEditView.as_view(), name="edit"),
    path("<str:code>/status/", views.StationTransitionView.as_view(), name="transition"),
    path("<str:code>/contracts/new/", views.ContractAddView.as_view(), name="contract_add"),
    path("<str:code>/insurance/new/", views.InsuranceAddView.as_view(), name="insurance_add"),
    path("<str:code>/owner/reveal/", views.OwnerRevealView.as_view(), name="owner_reveal"),
]

from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.ServiceStationListView.as_view(), name="service_stations"),
    path("new/", views.ServiceStationCreateView.as_view(), name="service_station_create"),
    path("<int:pk>/", views.ServiceStationDetailView.as_view(), name="service_station"),
    path("<int:pk>/edit/", views.ServiceStationEditView.as_view(), name="service_station_edit"),
    path("premises/", views.PremisesListView.as_view(), name="premises"),
    path("premises/new/", views.PremisesCreateView.as_view(), name="premises_create"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path(
        "projects/<int:pk>/status/",
        views.ProjectTransitionView.as_view(),
        name="project_transition",
    ),
    path(
        "projects/<int:pk>/payments/<int:payment_pk>/reverse/",
        views.PaymentReverseView.as_view(),
        name="payment_reverse",
    ),
]

from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("generate/", views.ReportGenerateView.as_view(), name="generate"),
    re_path(
        r"^(?P<kind>annual|monthly)/(?P<key>\d{4}(?:-\d{2})?)\.(?P<fmt>pdf|xlsx)$",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
]

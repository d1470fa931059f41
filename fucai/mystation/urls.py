from django.urls import path, register_converter

from . import views


class MonthConverter:
    """``2019-03``: a year and a month; the view rejects a month outside 1–12."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value if isinstance(value, str) else value.strftime("%Y-%m")


register_converter(MonthConverter, "yyyymm")

app_name = "mystation"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<str:code>/", views.StationView.as_view(), name="station"),
    path("<str:code>/commission/", views.CommissionListView.as_view(), name="commission"),
    path(
        "<str:code>/commission/<yyyymm:month>/",
        views.StatementView.as_view(),
        name="statement",
    ),
    path(
        "<str:code>/commission/<yyyymm:month>.pdf",
        views.StatementPdfView.as_view(),
        name="statement_pdf",
    ),
]

from django.urls import path

from .views import analytics, finance, targets

# Included by fucai/sales/urls.py (namespace "sales").
urlpatterns = [
    path("", analytics.OverviewView.as_view(), name="overview"),
    path("ranking/", analytics.RankingView.as_view(), name="ranking"),
    path("daily/", analytics.DailyView.as_view(), name="daily"),
    path("welfare/", finance.WelfareView.as_view(), name="welfare"),
    path("targets/", targets.TargetsView.as_view(), name="targets"),
    path("targets/set/", targets.TargetSetView.as_view(), name="target_set"),
    path("targets/<int:pk>/delete/", targets.TargetDeleteView.as_view(), name="target_delete"),
]

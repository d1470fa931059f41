"""Sales pages: the analytics, finance and targets pages, then the import pages and the
game catalogue."""

from django.urls import path

from .views import analytics, finance, games, imports, targets

app_name = "sales"

urlpatterns = [
    # Analytics, finance, targets.
    path("", analytics.OverviewView.as_view(), name="overview"),
    path("ranking/", analytics.RankingView.as_view(), name="ranking"),
    path("daily/", analytics.DailyView.as_view(), name="daily"),
    path("welfare/", finance.WelfareView.as_view(), name="welfare"),
    path("targets/", targets.TargetsView.as_view(), name="targets"),
    path("targets/set/", targets.TargetSetView.as_view(), name="target_set"),
    path("targets/<int:pk>/delete/", targets.TargetDeleteView.as_view(), name="target_delete"),
    # Imports and the game catalogue.
    path("imports/", imports.ImportListView.as_view(), name="import_list"),
    path("imports/upload/", imports.ImportUploadView.as_view(), name="import_upload"),
    path(
        "imports/template.csv",
        imports.ImportTemplateCsvView.as_view(),
        name="import_template_csv",
    ),
    path(
        "imports/template.xlsx",
        imports.ImportTemplateExcelView.as_view(),
        name="import_template_xlsx",
    ),
    path("imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import_detail"),
    path(
        "imports/<int:pk>/errors.csv",
        imports.ImportErrorsCsvView.as_view(),
        name="import_errors_csv",
    ),
    path(
        "imports/<int:pk>/errors.xlsx",
        imports.ImportErrorsExcelView.as_view(),
        name="import_errors_xlsx",
    ),
    path("games/", games.GameListView.as_view(), name="game_list"),
    path("games/new/", games.GameCreateView.as_view(), name="game_create"),
    path("games/<str:code>/", games.GameDetailView.as_view(), name="game_detail"),
    path("games/<str:code>/rates/new/", games.RateAddView.as_view(), name="rate_add"),
]

from django.urls import include, path

app_name = "sales"

# Two groups of pages, each with its own URL module: the import pages and the game
# catalogue (urls_imports), and the analytics, finance and targets pages (urls_analytics).
urlpatterns = [
    path("", include("fucai.sales.urls_analytics")),
    path("", include("fucai.sales.urls_imports")),
]

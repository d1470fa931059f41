from django.urls import path

from . import views
from .screen import views as screen_views
from .siting import views as siting_views

app_name = "dashboard"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("screen/", screen_views.ScreenView.as_view(), name="screen"),
]

# Siting (选址): where to recruit next, and the population data set it reads.
urlpatterns += [
    path("siting/", siting_views.SitingView.as_view(), name="siting"),
    path("siting/export/", siting_views.SitingExportView.as_view(), name="siting_export"),
    path(
        "siting/population/",
        siting_views.PopulationImportView.as_view(),
        name="siting_population",
    ),
    path(
        "siting/population/template/",
        siting_views.PopulationTemplateView.as_view(),
        name="siting_population_template",
    ),
]

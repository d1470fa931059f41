from django.urls import path

from . import views
from .screen import views as screen_views

app_name = "dashboard"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("screen/", screen_views.ScreenView.as_view(), name="screen"),
]

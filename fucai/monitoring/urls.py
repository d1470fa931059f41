from django.urls import path

from .views import alerts, cameras

app_name = "monitoring"

urlpatterns = [
    path("alerts/", alerts.AlertListView.as_view(), name="alerts"),
    path("alerts/<int:pk>/", alerts.AlertDetailView.as_view(), name="alert_detail"),
    path(
        "alerts/<int:pk>/acknowledge/",
        alerts.AlertAcknowledgeView.as_view(),
        name="alert_acknowledge",
    ),
    path("alerts/<int:pk>/resolve/", alerts.AlertResolveView.as_view(), name="alert_resolve"),
    path("rules/", alerts.AlertRulesView.as_view(), name="rules"),
    path("cameras/", cameras.CameraListView.as_view(), name="cameras"),
    path("cameras/offline/", cameras.OfflineCameraListView.as_view(), name="cameras_offline"),
    path("cameras/new/", cameras.CameraEditView.as_view(), name="camera_add"),
    path("cameras/<int:pk>/", cameras.CameraLiveView.as_view(), name="camera_live"),
    path("cameras/<int:pk>/edit/", cameras.CameraEditView.as_view(), name="camera_edit"),
    path(
        "stations/<int:pk>/cameras/",
        cameras.StationCamerasView.as_view(),
        name="station_cameras",
    ),
]

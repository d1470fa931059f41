from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    path("logins/", views.LoginLogView.as_view(), name="login_log"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/rerun/", views.JobRerunView.as_view(), name="job_rerun"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("account/tokens/", views.TokenListView.as_view(), name="tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        views.TokenRevokeView.as_view(),
        name="token_revoke",
    ),
]

"""Staff back office of the recruitment workflow (the public side lives in fucai.portal)."""

from django.urls import path

from .views import applications, calls
from .views.actions import ACTIONS, ObjectionResolveView

app_name = "recruitment"

urlpatterns = [
    path("", applications.QueueView.as_view(), name="queue"),
    path("applications/", applications.ApplicationListView.as_view(), name="application_list"),
    path(
        "applications/<str:code>/",
        applications.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<str:code>/reveal/",
        applications.IdentityRevealView.as_view(),
        name="application_reveal",
    ),
    path(
        "applications/<str:code>/documents/<int:document>/",
        applications.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(
        "applications/<str:code>/objections/<int:objection>/resolve/",
        ObjectionResolveView.as_view(),
        name="objection_resolve",
    ),
    *[
        path(
            f"applications/<str:code>/{action.name}/",
            action.view.as_view(),
            name=f"action_{action.name}",
        )
        for action in ACTIONS
    ],
    path("calls/", calls.CallListView.as_view(), name="call_list"),
    path("calls/new/", calls.CallEditView.as_view(), name="call_create"),
    path("calls/<int:pk>/", calls.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", calls.CallEditView.as_view(), name="call_edit"),
    path("calls/<int:pk>/publish/", calls.CallPublishView.as_view(), name="call_publish"),
    path("calls/<int:pk>/close/", calls.CallCloseView.as_view(), name="call_close"),
    path("draws/new/", calls.DrawRunView.as_view(), name="draw_run"),
    path("schools/", calls.SchoolListView.as_view(), name="school_list"),
    path("schools/import/", calls.SchoolImportView.as_view(), name="school_import"),
    path("sla/", applications.SlaView.as_view(), name="sla"),
]

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/", views.NoticeReadView.as_view(), name="read"),
    path("sent/", views.NoticeListView.as_view(), name="list"),
    path("sent/new/", views.NoticeCreateView.as_view(), name="create"),
    path("sent/<int:pk>/", views.NoticeDetailView.as_view(), name="detail"),
    path("sent/<int:pk>/remind/", views.NoticeRemindView.as_view(), name="remind"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]

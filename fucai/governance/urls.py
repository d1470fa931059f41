from django.urls import path  # noqa: F401 -- the topics' views add their routes here

app_name = "governance"

urlpatterns: list = []

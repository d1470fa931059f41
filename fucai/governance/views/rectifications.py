"""Pages of the rectifications topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

"""Pages of the field topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

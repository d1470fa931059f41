"""Pages of the violations topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

"""Pages of the inspections topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

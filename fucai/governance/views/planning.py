"""Pages of the planning topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

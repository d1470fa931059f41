"""Pages of the visits topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

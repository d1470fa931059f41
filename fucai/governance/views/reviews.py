"""Pages of the reviews topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

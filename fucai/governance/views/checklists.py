"""Pages of the checklists topic; governance/urls.py gathers their routes."""

urlpatterns: list = []

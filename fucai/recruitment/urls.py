"""Staff back office of the recruitment workflow (the public side lives in fucai.portal)."""

urlpatterns: list = []
app_name = "recruitment"

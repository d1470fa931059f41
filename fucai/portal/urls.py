"""The public site: no staff account needed (calls, applications, later disclosures)."""

app_name = "portal"
urlpatterns: list = []

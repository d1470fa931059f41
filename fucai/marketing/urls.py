from .views import campaigns, supplies, tickets

app_name = "marketing"

urlpatterns = [*campaigns.urlpatterns, *supplies.urlpatterns, *tickets.urlpatterns]

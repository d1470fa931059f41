"""Staff pages of the charity app, one module per topic, each with its ``urlpatterns``
(charity/urls.py gathers them)."""

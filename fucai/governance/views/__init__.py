"""Governance pages, one module per topic; each declares its own ``urlpatterns``."""

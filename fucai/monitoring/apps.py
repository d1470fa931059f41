from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Alerts over the sales and registry data, and the cameras of stations and halls."""

    name = "fucai.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from . import receivers  # noqa: F401 -- evaluate the rules after each import

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "fucai.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from . import jobs, signals  # noqa: F401 -- job handler and signal receivers

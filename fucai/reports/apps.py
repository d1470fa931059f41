from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The monthly and annual reports generated from data (read only)."""

    name = "fucai.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import jobs  # noqa: F401 -- the job handler

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "fucai.stations"
    label = "stations"
    verbose_name = _("Stations")

    def ready(self) -> None:
        from . import signals  # noqa: F401 -- signal receivers

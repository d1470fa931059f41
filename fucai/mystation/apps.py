from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MyStationConfig(AppConfig):
    """The station owner's portal (/my/): their stations, to-dos, sales against last
    year and monthly commission statements. Read only: it links to the pages where an
    owner acts (notices, rectification replies, supplies, complaints)."""

    name = "fucai.mystation"
    label = "mystation"
    verbose_name = _("My stations")

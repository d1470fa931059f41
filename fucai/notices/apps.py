from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices from the center to stations and staff, with read receipts."""

    name = "fucai.notices"
    label = "notices"
    verbose_name = _("Notices")

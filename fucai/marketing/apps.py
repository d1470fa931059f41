from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingConfig(AppConfig):
    """Campaigns, promotional materials, instant-ticket orders and measured effect."""

    name = "fucai.marketing"
    label = "marketing"
    verbose_name = _("Marketing")

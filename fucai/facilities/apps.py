from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    """County service stations (综合服务站) and the premises (用房) the center holds:
    owned, leased or being bought through a purchase project with a budget and payments."""

    name = "fucai.facilities"
    label = "facilities"
    verbose_name = _("Service stations and premises")

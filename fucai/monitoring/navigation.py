from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/monitoring/"

ITEMS: list[NavItem] = [
    NavItem(
        60,
        _("Alerts"),
        "ti-bell-exclamation",
        "monitoring:alerts",
        (roles.VIEW_ALERTS,),
        f"{_P}alerts/",
    ),
    NavItem(
        61,
        _("Cameras"),
        "ti-device-cctv",
        "monitoring:cameras",
        (roles.VIEW_CAMERAS,),
        f"{_P}cameras/",
    ),
]

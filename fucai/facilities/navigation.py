from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_F = "/facilities/"

ITEMS: list[NavItem] = [
    NavItem(
        80,
        _("Service stations"),
        "ti-building-community",
        "facilities:service_stations",
        (roles.VIEW_FACILITIES,),
        _F,
    ),
    NavItem(
        81,
        _("Station premises"),
        "ti-building",
        "facilities:premises",
        (roles.VIEW_FACILITIES,),
        f"{_F}premises/",
    ),
]

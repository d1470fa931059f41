from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS = [
    NavItem(
        10, _("Overview"), "ti-layout-dashboard", "dashboard:home", (roles.USE_STAFF_SITE,), "/"
    ),
    NavItem(
        11,
        _("Big screen"),
        "ti-device-desktop-analytics",
        "dashboard:screen",
        (roles.VIEW_SCREEN,),
        "/screen/",
    ),
    # Siting (选址): where to recruit next; marketing plans it, station management opens
    # the calls, leadership and the districts read it.
    NavItem(
        66, _("Siting"), "ti-map-search", "dashboard:siting", (roles.VIEW_MARKETING,), "/siting/"
    ),
]

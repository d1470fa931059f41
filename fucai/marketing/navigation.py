from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/marketing/"

ITEMS: list[NavItem] = [
    NavItem(46, _("Campaigns"), "ti-speakerphone", "marketing:index", (roles.VIEW_MARKETING,), _P),
    NavItem(
        47,
        _("Promotional materials"),
        "ti-package",
        "marketing:requests",
        (roles.VIEW_MARKETING, roles.ORDER_SUPPLIES),
        f"{_P}requests/",
    ),
    NavItem(
        48,
        _("Instant-ticket orders"),
        "ti-ticket",
        "marketing:orders",
        (roles.VIEW_MARKETING, roles.ORDER_SUPPLIES),
        f"{_P}orders/",
    ),
]

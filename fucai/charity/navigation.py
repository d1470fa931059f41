from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/charity/"

ITEMS: list[NavItem] = [
    NavItem(42, _("Charity"), "ti-heart-handshake", "charity:index", (roles.VIEW_CHARITY,), _P),
    NavItem(
        43,
        _("Charity activities"),
        "ti-calendar-heart",
        "charity:activities",
        (roles.VIEW_CHARITY,),
        f"{_P}activities/",
    ),
    NavItem(
        44,
        _("Beneficiaries"),
        "ti-users",
        "charity:beneficiaries",
        (roles.VIEW_BENEFICIARIES,),
        f"{_P}beneficiaries/",
    ),
    NavItem(
        45,
        _("Grant programmes"),
        "ti-school",
        "charity:programmes",
        (roles.VIEW_CHARITY,),
        f"{_P}grants/",
    ),
]

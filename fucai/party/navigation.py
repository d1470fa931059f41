from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/party/"

ITEMS: list[NavItem] = [
    NavItem(70, _("Party building"), "ti-flag", "party:index", (roles.VIEW_PARTY,), _P),
    NavItem(
        71, _("Party members"), "ti-users", "party:members", (roles.VIEW_PARTY,), f"{_P}members/"
    ),
    NavItem(
        72,
        _("Party activities"),
        "ti-calendar-event",
        "party:activities",
        (roles.VIEW_PARTY,),
        f"{_P}activities/",
    ),
]

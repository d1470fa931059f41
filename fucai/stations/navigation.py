from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS = [
    NavItem(
        20, _("Stations"), "ti-building-store", "stations:list", (roles.VIEW_STATION,), "/stations/"
    ),
    NavItem(
        21,
        _("Sales staff"),
        "ti-users",
        "stations:staff_list",
        (roles.VIEW_STAFF,),
        "/stations/staff/",
    ),
    NavItem(
        22,
        _("Sales certificates"),
        "ti-certificate",
        "stations:certificate_list",
        (roles.VIEW_STAFF,),
        "/stations/certificates/",
    ),
    NavItem(
        23,
        _("My certificates"),
        "ti-id-badge-2",
        "stations:certificate_mine",
        (roles.LEARN,),
        "/stations/certificates/mine/",
    ),
]

from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS = [
    NavItem(30, _("Sales"), "ti-chart-bar", "sales:overview", (roles.VIEW_SALES,), "/sales/"),
    NavItem(
        32,
        _("Welfare fund"),
        "ti-heart-handshake",
        "sales:welfare",
        (roles.VIEW_SALES,),
        "/sales/welfare/",
    ),
    NavItem(
        34, _("Targets"), "ti-target-arrow", "sales:targets", (roles.VIEW_SALES,), "/sales/targets/"
    ),
    NavItem(
        36,
        _("Sales imports"),
        "ti-file-import",
        "sales:import_list",
        (roles.IMPORT_SALES,),
        "/sales/imports/",
    ),
    NavItem(38, _("Games"), "ti-ticket", "sales:game_list", (roles.VIEW_SALES,), "/sales/games/"),
]

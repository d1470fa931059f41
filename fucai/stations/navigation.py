from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS = [
    NavItem(
        20, _("Stations"), "ti-building-store", "stations:list", (roles.VIEW_STATION,), "/stations/"
    ),
]

from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS = [
    NavItem(
        9, _("My stations"), "ti-building-store", "mystation:home", (roles.OWNER_PORTAL,), "/my/"
    ),
]

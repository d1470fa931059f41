from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS: list[NavItem] = [
    NavItem(820, _("My notices"), "ti-mail", "notices:inbox", (roles.READ_NOTICES,), "/notices/"),
    NavItem(
        821,
        _("Send notices"),
        "ti-speakerphone",
        "notices:list",
        (roles.SEND_NOTICES,),
        "/notices/sent/",
    ),
]

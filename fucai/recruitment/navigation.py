from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS = [
    NavItem(
        40,
        _("Recruitment"),
        "ti-clipboard-check",
        "recruitment:queue",
        (roles.REVIEW_APPLICATIONS, roles.MANAGE_CALLS, roles.SURVEY, roles.VIEW_APPLICATIONS),
        "/recruitment/",
    ),
    NavItem(
        42,
        _("Recruitment calls"),
        "ti-speakerphone",
        "recruitment:call_list",
        (roles.MANAGE_CALLS,),
        "/recruitment/calls/",
    ),
]

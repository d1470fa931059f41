from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/welfare/"

ITEMS: list[NavItem] = [
    NavItem(50, _("Fund ledger"), "ti-book-2", "welfare:ledger", (roles.VIEW_WELFARE,), _P),
    NavItem(
        51,
        _("Welfare projects"),
        "ti-heart-handshake",
        "welfare:projects",
        (roles.VIEW_WELFARE,),
        f"{_P}projects/",
    ),
    NavItem(
        52,
        _("Approvals"),
        "ti-checklist",
        "welfare:approvals",
        (roles.VIEW_WELFARE,),
        f"{_P}approvals/",
    ),
    NavItem(
        53,
        _("Disclosures"),
        "ti-speakerphone",
        "welfare:disclosures",
        (roles.VIEW_WELFARE,),
        f"{_P}disclosures/",
    ),
]

from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/governance/"

ITEMS: list[NavItem] = [
    NavItem(
        24,
        _("Today's inspections"),
        "ti-clipboard-check",
        "governance:today",
        (roles.INSPECT,),
        f"{_P}today/",
    ),
    NavItem(
        25,
        _("Supervision"),
        "ti-shield-check",
        "governance:index",
        (roles.VIEW_GOVERNANCE,),
        _P,
    ),
    NavItem(
        26,
        _("Rectification"),
        "ti-tool",
        "governance:rectifications",
        (roles.VIEW_GOVERNANCE,),
        f"{_P}rectifications/",
    ),
    NavItem(
        27,
        _("Visits"),
        "ti-route",
        "governance:visits",
        (roles.LOG_VISIT, roles.VIEW_GOVERNANCE),
        f"{_P}visits/",
    ),
    NavItem(
        28,
        _("Annual review"),
        "ti-gavel",
        "governance:reviews",
        (roles.VIEW_GOVERNANCE,),
        f"{_P}reviews/",
    ),
    NavItem(
        29,
        _("Grading and stars"),
        "ti-star",
        "governance:gradings",
        (roles.VIEW_GOVERNANCE,),
        f"{_P}gradings/",
    ),
    NavItem(
        29,
        _("Commendations"),
        "ti-award",
        "governance:commendations",
        (roles.VIEW_GOVERNANCE,),
        f"{_P}commendations/",
    ),
]

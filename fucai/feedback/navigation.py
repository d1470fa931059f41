from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

_P = "/feedback/"

ITEMS: list[NavItem] = [
    NavItem(
        70,
        _("Complaints"),
        "ti-message-report",
        "feedback:complaints",
        (roles.VIEW_COMPLAINTS,),
        f"{_P}complaints/",
    ),
    NavItem(
        71,
        _("Public evaluation"),
        "ti-thumb-up",
        "feedback:surveys",
        (roles.VIEW_EVALUATION,),
        f"{_P}surveys/",
    ),
    NavItem(
        72,
        _("Conduct supervisors"),
        "ti-eye-check",
        "feedback:supervisors",
        (roles.VIEW_EVALUATION,),
        f"{_P}supervisors/",
    ),
]

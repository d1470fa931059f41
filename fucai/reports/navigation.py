from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS: list[NavItem] = [
    NavItem(
        890,
        _("Reports"),
        "ti-report-analytics",
        "reports:index",
        (roles.VIEW_REPORTS,),
        "/reports/",
    ),
]

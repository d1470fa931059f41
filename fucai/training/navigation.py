from django.utils.translation import gettext_lazy as _

from fucai.core import roles
from fucai.core.navigation import NavItem

ITEMS: list[NavItem] = [
    NavItem(12, _("My learning"), "ti-school", "training:home", (roles.LEARN,), "/training/"),
    NavItem(
        34,
        _("Training"),
        "ti-certificate",
        "training:courses",
        (roles.VIEW_TRAINING, roles.MANAGE_TRAINING),
        "/training/manage/",
    ),
]

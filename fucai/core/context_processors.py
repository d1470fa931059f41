from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import roles

# (label, icon, url name, permission, url prefix for the active state)
NAVIGATION = [
    (_("Overview"), "ti-layout-dashboard", "dashboard:home", roles.USE_STAFF_SITE, "/"),
    (_("Stations"), "ti-building-store", "stations:list", roles.VIEW_STATION, "/stations/"),
    (_("Audit log"), "ti-history", "core:audit", roles.VIEW_AUDIT, "/accounts/audit/"),
    (_("Login log"), "ti-login", "core:login_log", roles.VIEW_LOGIN_LOG, "/accounts/logins/"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    path = request.path
    for label, icon, name, permission, prefix in NAVIGATION:
        if roles.has_permission(user, permission):
            active = path == "/" if prefix == "/" else path.startswith(prefix)
            items.append({"label": label, "icon": icon, "url": reverse(name), "active": active})
    return {
        "nav_items": items,
        "user_role_label": roles.role_label(user),
        "can": _Can(user),
    }


class _Can:
    """Template helper: ``{% if can.stations_change %}``."""

    def __init__(self, user):
        self.user = user

    def __getattr__(self, name: str) -> bool:
        return roles.has_permission(self.user, name.replace("_", ".", 1))

from . import navigation as nav
from . import roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": nav.items_for(user, request.path),
        "user_role_label": roles.role_label(user),
        "can": _Can(user),
    }


class _Can:
    """Template helper: ``{% if can.stations_change %}``."""

    def __init__(self, user):
        self.user = user

    def __getattr__(self, name: str) -> bool:
        return roles.has_permission(self.user, name.replace("_", ".", 1))

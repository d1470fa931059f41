"""The staff site's menu, contributed by each app's ``navigation.py``.

An app lists its entries in ``ITEMS``; the menu shows those the user's role permits,
ordered by ``order``, and marks as active the entry whose URL prefix matches the page
best. Keeping the entries beside the app's URLs means a new app adds its menu without
editing core.
"""

import functools
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from . import roles


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    icon: str
    url_name: str
    permissions: tuple[str, ...]  # any one of them shows the entry
    prefix: str


@functools.cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fucai."):
            continue
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.navigation":
                raise
            continue
        items.extend(getattr(module, "ITEMS", ()))
    return tuple(sorted(items, key=lambda item: item.order))


_REVERSED: dict[tuple, str] = {}


def reverse_once(viewname: str) -> str:
    """``reverse(viewname)`` of a view that takes no arguments, worked out once per
    process (per URLconf and script prefix): the menu and the layout print some twenty
    of them on every page, and the answer never changes while the process runs."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), viewname)
    try:
        return _REVERSED[key]
    except KeyError:
        url = _REVERSED[key] = reverse(viewname)
        return url


def items_for(user, path: str) -> list[dict]:
    visible = []
    for item in all_items():
        if not any(roles.has_permission(user, p) for p in item.permissions):
            continue
        try:
            url = reverse_once(item.url_name)
        except NoReverseMatch:
            continue  # an app whose pages are not wired yet; test_navigation guards this
        visible.append({"item": item, "url": url})
    matches = [v for v in visible if _matches(v["item"].prefix, path)]
    best = max(matches, key=lambda v: len(v["item"].prefix), default=None)
    return [
        {
            "label": v["item"].label,
            "icon": v["item"].icon,
            "url": v["url"],
            "active": v is best,
        }
        for v in visible
    ]


def _matches(prefix: str, path: str) -> bool:
    return path == "/" if prefix == "/" else path.startswith(prefix)


# Core's own entries (system administration).
ITEMS = [
    NavItem(
        900, _("Audit log"), "ti-history", "core:audit", (roles.VIEW_AUDIT,), "/accounts/audit/"
    ),
    NavItem(
        910,
        _("Login log"),
        "ti-login",
        "core:login_log",
        (roles.VIEW_LOGIN_LOG,),
        "/accounts/logins/",
    ),
]

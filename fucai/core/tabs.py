"""Tabs that a downstream app contributes to an upstream object's page.

Data flows one way (DESIGN.md): the station registry must not import sales, yet a
station's page shows its sales. The sales app registers a tab for ``stations.station``
here when it loads; the station page lists the tabs registered for its model and
renders the active one, without knowing which app provides it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectTab:
    """One tab: shown to users for whom ``visible(user)`` holds; its ``template`` is
    rendered with the page's context plus ``context(user, obj)``; ``scripts_template``
    (optional) goes into the page's scripts block."""

    key: str
    label: str
    template: str
    visible: Callable[[object], bool]
    context: Callable[[object, object], dict]
    scripts_template: str = ""


_TABS: dict[str, dict[str, ObjectTab]] = {}


def register_tab(model_label: str, tab: ObjectTab) -> None:
    """Add ``tab`` to the pages of ``model_label`` ("app_label.model"); registering the
    same key again replaces it (apps' ``ready`` may run more than once in tests)."""
    _TABS.setdefault(model_label.lower(), {})[tab.key] = tab


def tabs_for(model_label: str, user) -> list[ObjectTab]:
    """The tabs of ``model_label`` that ``user`` may see, in registration order."""
    return [tab for tab in _TABS.get(model_label.lower(), {}).values() if tab.visible(user)]

"""Who the fund reached — people helped and activities per project — is charity's data,
and welfare may not import charity (the layering runs charity → welfare). So charity
*provides* it: it registers a function here (in its AppConfig.ready), and the yearly
disclosure stores what the providers gave as part of its snapshot. A caller that has the
figures already (the demo) passes them in instead.

A provider is ``fn(year) -> {"people": int, "projects": {project id: {"people": int,
"activities": int}}}``: ``people`` is the number of distinct persons helped in the year
(one person helped by two projects counts once there, twice in the per-project counts).
Counts only: nothing personal ever reaches welfare or the public side."""

from collections.abc import Callable

Reach = dict
_PROVIDERS: list[Callable[[int], Reach]] = []


def register(provider: Callable[[int], Reach]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def empty() -> Reach:
    return {"people": 0, "projects": {}}


def normalize(reach: Reach | None) -> Reach:
    """Integer keys and counts, missing parts filled in."""
    reach = reach or {}
    projects = {}
    for project_id, counts in (reach.get("projects") or {}).items():
        projects[int(project_id)] = {
            "people": int(counts.get("people", 0)),
            "activities": int(counts.get("activities", 0)),
        }
    return {"people": int(reach.get("people", 0)), "projects": projects}


def reach_of_year(year: int) -> Reach:
    """The registered providers' figures for ``year``, added up."""
    result = empty()
    for provider in _PROVIDERS:
        part = normalize(provider(year))
        result["people"] += part["people"]
        for project_id, counts in part["projects"].items():
            row = result["projects"].setdefault(project_id, {"people": 0, "activities": 0})
            row["people"] += counts["people"]
            row["activities"] += counts["activities"]
    return result

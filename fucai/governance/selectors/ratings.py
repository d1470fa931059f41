"""Reads of grading and star rating: the year a page opens on, and the station page's
"Grading and stars" tab."""

from __future__ import annotations

from fucai.core import roles

from ..models import GradingResult, StarApplication, StarRound


def grading_years(user) -> list[int]:
    return list(
        GradingResult.objects.visible_to(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def default_grading_year(user, today_year: int) -> int:
    years = grading_years(user)
    return years[0] if years else today_year - 1


def default_round_year(today_year: int) -> int:
    latest = StarRound.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or today_year - 1


def can_see_station_ratings(user) -> bool:
    return roles.has_permission(user, roles.VIEW_GOVERNANCE)


def station_ratings_tab(user, station) -> dict:
    """The tab's context: the published judgements (on the station), its gradings and
    its star applications (each through its own scope), and the round it may apply in."""
    open_round = StarRound.objects.filter(status="open").order_by("-year").first()
    applications = list(
        StarApplication.objects.visible_to(user)
        .filter(station=station)
        .select_related("round")
        .order_by("-round__year")
    )
    return {
        "ratings": {
            "gradings": list(
                GradingResult.objects.visible_to(user)
                .filter(station=station)
                .defer("breakdown", "metrics")
                .order_by("-year")
            ),
            "applications": applications,
            "open_round": open_round,
            "may_apply": open_round is not None
            and roles.has_permission(user, roles.APPLY_STARS)
            and station.status == "active"
            and all(a.round_id != open_round.pk for a in applications),
        }
    }

"""Activities, the yearly charity figures and volunteer hours."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..choices import ActivityStatus
from ..models import Benefit, CharityActivity, Participant


def held_activities(user, year: int | None = None):
    """Activities that took place (held or published), in ``user``'s scope."""
    queryset = CharityActivity.objects.visible_to(user).exclude(status=ActivityStatus.PLANNED)
    if year:
        queryset = queryset.filter(held_on__year=year)
    return queryset


def charity_summary(user, year: int) -> dict:
    """The year's activities, distinct people helped and spending — all counted from
    the records (an activity's spending; a programme's is what the bank paid)."""
    activities = held_activities(user, year)
    totals = activities.aggregate(count=Count("pk"), spent=Sum("spending_fen"))
    people = (
        Benefit.objects.filter(
            Q(activity__in=activities.values("pk"))
            | Q(activity__isnull=True, grant__programme__year=year)
        )
        .values("beneficiary_id")
        .distinct()
        .count()
    )
    return {
        "year": year,
        "activities": totals["count"] or 0,
        "beneficiaries": people,
        "spent_fen": int(totals["spent"] or 0),
    }


def by_series(user, year: int) -> list[dict]:
    """Activities and spending per series in ``year``."""
    return list(
        held_activities(user, year)
        .values("series__name")
        .annotate(activities=Count("pk"), spent_fen=Sum("spending_fen"))
        .order_by("series__sort_order", "series__name")
    )


def reached_counts(activity_ids) -> dict[int, int]:
    """Distinct people each activity reached (one query for a page)."""
    rows = (
        Benefit.objects.filter(activity_id__in=list(activity_ids))
        .values("activity_id")
        .annotate(n=Count("beneficiary_id", distinct=True))
    )
    return {row["activity_id"]: row["n"] for row in rows}


def volunteer_hours(
    start: datetime.date, end: datetime.date, *, user_ids=None
) -> dict[int, Decimal]:
    """Hours per user account in activities held from ``start`` to ``end`` (inclusive):
    what the party-building module reads for its members' volunteer service."""
    rows = Participant.objects.filter(
        user__isnull=False,
        activity__held_on__range=(start, end),
    ).exclude(activity__status=ActivityStatus.PLANNED)
    if user_ids is not None:
        rows = rows.filter(user_id__in=list(user_ids))
    return {
        row["user_id"]: row["hours"]
        for row in rows.values("user_id").annotate(hours=Sum("hours")).order_by("user_id")
    }


def activity_years(user) -> list[int]:
    return sorted(
        {d.year for d in CharityActivity.objects.visible_to(user).dates("held_on", "year")},
        reverse=True,
    )


def reach_of_year(year: int) -> dict:
    """Who the fund reached in ``year``, for welfare's yearly disclosure (registered in
    ``fucai.welfare.reach``): distinct people, and per project its people and activities.
    Counts only, over every district (the disclosure is the whole center's)."""
    activities = CharityActivity.objects.filter(held_on__year=year).exclude(
        status=ActivityStatus.PLANNED
    )
    benefits = Benefit.objects.filter(
        Q(activity__in=activities.values("pk"))
        | Q(activity__isnull=True, grant__programme__year=year)
    )
    projects: dict[int, dict[str, int]] = {}
    for row in activities.values("project_id").annotate(n=Count("pk")).order_by():
        projects[row["project_id"]] = {"people": 0, "activities": row["n"]}
    people_by_project = (
        benefits.filter(activity__isnull=False)
        .values("activity__project_id")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .order_by()
    )
    for row in people_by_project:
        projects.setdefault(row["activity__project_id"], {"people": 0, "activities": 0})
        projects[row["activity__project_id"]]["people"] = row["n"]
    return {
        "people": benefits.values("beneficiary_id").distinct().count(),
        "projects": projects,
    }

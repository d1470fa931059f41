"""What the public portal reads of charity: the activities the charity department
published, with their story, their photos cleared for the portal and counts only —
spending, people reached, people taking part. Never a person's name or identity: the
portal's pages are built from these reads alone."""

from django.db.models import Count, Q, QuerySet, Sum

from ..models import ActivityPhoto, ActivitySeries, Benefit, CharityActivity, Participant


def published_activities(*, year: int | None = None, series_id: int | None = None) -> QuerySet:
    """Published activities, newest first, with what a list row shows."""
    queryset = CharityActivity.objects.published().select_related("series", "region", "project")
    if year:
        queryset = queryset.filter(held_on__year=year)
    if series_id:
        queryset = queryset.filter(series_id=series_id)
    return queryset.order_by("-held_on", "-id")


def published_years() -> list[int]:
    return sorted(
        {d.year for d in CharityActivity.objects.published().dates("held_on", "year")},
        reverse=True,
    )


def published_series() -> QuerySet:
    """The series that have a published activity."""
    return ActivitySeries.objects.filter(
        pk__in=CharityActivity.objects.published().values("series_id")
    ).order_by("sort_order", "name")


def public_totals(activities: QuerySet) -> dict:
    """How many activities, the money they spent and the distinct people they reached."""
    totals = activities.aggregate(count=Count("pk"), spent=Sum("spending_fen"))
    ids = activities.values("pk")
    people = (
        Benefit.objects.filter(Q(activity__in=ids) | Q(grant__programme__activity__in=ids))
        .values("beneficiary_id")
        .distinct()
        .count()
    )
    return {
        "activities": totals["count"] or 0,
        "spent_fen": int(totals["spent"] or 0),
        "people": people,
    }


def public_reach(activity_ids) -> dict[int, int]:
    """Distinct people each activity reached — those recorded at it, or, for a grant
    programme's activity, its grantees (two queries for a page)."""
    ids = list(activity_ids)
    reached: dict[int, int] = {}
    rows = (
        Benefit.objects.filter(activity_id__in=ids)
        .values("activity_id")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .order_by()
    )
    for row in rows:
        reached[row["activity_id"]] = row["n"]
    rows = (
        Benefit.objects.filter(activity__isnull=True, grant__programme__activity__in=ids)
        .values("grant__programme__activity")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .order_by()
    )
    for row in rows:
        key = row["grant__programme__activity"]
        reached[key] = reached.get(key, 0) + row["n"]
    return reached


def public_participants(activity: CharityActivity) -> dict[str, int]:
    """How many took part, by kind (staff, volunteers, guests) — counts, no names."""
    return dict(
        Participant.objects.filter(activity=activity)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
        .order_by()
    )


def public_photos(activity: CharityActivity) -> QuerySet:
    """The activity's photos cleared for the portal."""
    return ActivityPhoto.objects.filter(activity=activity, public=True).order_by("uploaded_at")

"""Reads of inspections, always through the user's data scope."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from fucai.core.choices import Role
from fucai.core.roles import role_of

from ..choices import InspectionStatus
from ..models import Inspection, InspectionAnswer, InspectionPhoto, RectificationOrder

OPEN = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)


def visible_inspections(user) -> QuerySet[Inspection]:
    """The inspections ``user`` may read. An owner sees only submitted inspections of
    their stations: a planned visit (a mystery shopper's above all) is not announced."""
    queryset = Inspection.objects.visible_to(user)
    if role_of(user) == Role.STATION_OWNER:
        queryset = queryset.filter(status=InspectionStatus.SUBMITTED)
    return queryset


def today_for(user, today: datetime.date) -> QuerySet[Inspection]:
    """The user's own open inspections planned for today or earlier, or due by today
    (overdue first, then by date)."""
    return (
        visible_inspections(user)
        .filter(inspector=user, status__in=OPEN)
        .filter(Q(planned_on__lte=today) | Q(due_on__lte=today))
        .select_related("station", "station__region")
        .order_by("due_on", "planned_on", "station__code")
    )


def upcoming_for(user, today: datetime.date, limit: int = 20) -> list[Inspection]:
    """The user's open inspections planned after today (shown under today's)."""
    return list(
        visible_inspections(user)
        .filter(inspector=user, status__in=OPEN, planned_on__gt=today)
        .exclude(due_on__lte=today)
        .select_related("station", "station__region")
        .order_by("planned_on", "station__code")[:limit]
    )


def with_detail(queryset: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """Everything the detail page, the field form and the PDF show, in a few queries."""
    return queryset.select_related(
        "station", "station__region", "station__owner", "template", "inspector", "plan"
    ).prefetch_related(
        "template__sections__items",
        Prefetch("answers", queryset=InspectionAnswer.objects.select_related("item")),
        Prefetch("photos", queryset=InspectionPhoto.objects.order_by("taken_at", "id")),
        Prefetch(
            "rectification_orders",
            queryset=RectificationOrder.objects.order_by("number"),
            to_attr="orders",
        ),
    )


def with_order_counts(queryset: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return queryset.annotate(order_count=Count("rectification_orders"))

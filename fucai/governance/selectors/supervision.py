"""The station page's supervision tab: one station's inspections, rectification
orders, violations, visits and annual reviews (five queries, the latest of each)."""

from __future__ import annotations

from fucai.core import roles

from ..models import AnnualReview, Inspection, RectificationOrder, Violation, Visit

TAB_ROWS = 20  # the latest rows of each kind; the lists hold the rest


def can_see_station_supervision(user) -> bool:
    return roles.has_permission(user, roles.VIEW_GOVERNANCE)


def station_supervision_tab(user, station) -> dict:
    """The tab's context. The station page fetched ``station`` through the user's scope;
    each list is read through its own ``visible_to`` as well."""
    return {
        "supervision": {
            "inspections": list(
                Inspection.objects.visible_to(user)
                .filter(station=station)
                .select_related("inspector")
                .order_by("-year", "-inspected_on", "-id")[:TAB_ROWS]
            ),
            "orders": list(
                RectificationOrder.objects.visible_to(user)
                .filter(station=station)
                .order_by("-issued_on", "-id")[:TAB_ROWS]
            ),
            "violations": list(
                Violation.objects.visible_to(user)
                .filter(station=station)
                .order_by("-occurred_on", "-id")[:TAB_ROWS]
            ),
            "visits": list(
                Visit.objects.visible_to(user)
                .filter(station=station)
                .select_related("visitor", "org_unit")
                .order_by("-visited_on", "-id")[:TAB_ROWS]
            ),
            "reviews": list(
                AnnualReview.objects.visible_to(user).filter(station=station).order_by("-year")
            ),
        }
    }

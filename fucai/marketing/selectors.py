"""Reads of the marketing app, scoped to the user."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from .choices import OrderStatus, RequestStatus
from .models import Campaign, InstantTicketOrder, MaterialRequest

OPEN_REQUESTS = (RequestStatus.REQUESTED, RequestStatus.APPROVED, RequestStatus.DELIVERED)
OPEN_ORDERS = (OrderStatus.REQUESTED, OrderStatus.APPROVED, OrderStatus.DELIVERED)


def campaigns_for(user):
    return (
        Campaign.objects.visible_to(user)
        .prefetch_related("regions", "games")
        .annotate(station_count=Count("entries", distinct=True))
    )


def ticket_stock(user) -> list[dict]:
    """Instant tickets per station in scope: delivered, settled and on hand (delivered
    and not yet settled), in fen and books."""
    delivered = Q(status__in=(OrderStatus.DELIVERED, OrderStatus.SETTLED))
    settled = Q(status=OrderStatus.SETTLED)
    rows = (
        InstantTicketOrder.objects.visible_to(user)
        .values("station_id", "station__code", "station__name")
        .annotate(
            delivered_fen=Sum("amount_fen", filter=delivered, default=0),
            settled_fen=Sum("amount_fen", filter=settled, default=0),
            delivered_books=Sum("books", filter=delivered, default=0),
            settled_books=Sum("books", filter=settled, default=0),
        )
        .order_by("station__code")
    )
    result = []
    for row in rows:
        row["on_hand_fen"] = row["delivered_fen"] - row["settled_fen"]
        row["on_hand_books"] = row["delivered_books"] - row["settled_books"]
        result.append(row)
    return result


def counts_for(user) -> dict:
    """Open requests and orders awaiting a step, for the overview."""
    requests = MaterialRequest.objects.visible_to(user)
    orders = InstantTicketOrder.objects.visible_to(user)
    return {
        "requests_waiting": requests.filter(status=RequestStatus.REQUESTED).count(),
        "requests_to_deliver": requests.filter(status=RequestStatus.APPROVED).count(),
        "orders_waiting": orders.filter(status=OrderStatus.REQUESTED).count(),
        "orders_to_deliver": orders.filter(status=OrderStatus.APPROVED).count(),
    }

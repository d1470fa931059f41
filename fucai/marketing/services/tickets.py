"""Instant-ticket orders: request → approve → deliver → settle."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core import audit, roles
from fucai.core.scope import require_in_scope
from fucai.sales.choices import GameType

from ..choices import ORDER_TRANSITIONS, OrderStatus
from ..models import InstantTicketOrder
from ._common import check_transition, record_transition

MAX_BOOKS = 500  # one order; more is a typing error, not an order


@transaction.atomic
def ticket_order_create(
    *, acting_user, station, game, books: int, book_value_fen: int, note: str = ""
) -> InstantTicketOrder:
    if not (
        roles.has_permission(acting_user, roles.ORDER_SUPPLIES)
        or roles.has_permission(acting_user, roles.MANAGE_SUPPLIES)
    ):
        raise PermissionDenied
    require_in_scope(acting_user, station)
    if game.game_type != GameType.INSTANT:
        raise ValidationError({"game": _("Only instant games are ordered in books.")})
    if not 1 <= books <= MAX_BOOKS:
        raise ValidationError(
            {"books": _("Order between 1 and %(max)s books.") % {"max": MAX_BOOKS}}
        )
    order = InstantTicketOrder(
        station=station,
        game=game,
        books=books,
        book_value_fen=book_value_fen,
        amount_fen=books * book_value_fen,
        note=note,
        requested_by=acting_user,
    )
    order.full_clean()
    order.save()
    audit.record_create(actor=acting_user, obj=order)
    return order


def _move(acting_user, order, to: str, comment: str = "", **stamps) -> InstantTicketOrder:
    if not roles.has_permission(acting_user, roles.MANAGE_SUPPLIES):
        raise PermissionDenied
    order = InstantTicketOrder.objects.select_for_update().get(pk=order.pk)
    require_in_scope(acting_user, order)
    check_transition(order, to, ORDER_TRANSITIONS, OrderStatus)
    old = order.status
    order.status = to
    for name, value in stamps.items():
        setattr(order, name, value)
    order.save(update_fields=["status", *stamps])
    record_transition(actor=acting_user, obj=order, old=old, choices=OrderStatus, comment=comment)
    return order


@transaction.atomic
def ticket_order_approve(*, acting_user, order: InstantTicketOrder) -> InstantTicketOrder:
    return _move(acting_user, order, OrderStatus.APPROVED, decided_at=timezone.now())


@transaction.atomic
def ticket_order_reject(*, acting_user, order: InstantTicketOrder, reason: str):
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is rejected.")})
    return _move(
        acting_user,
        order,
        OrderStatus.REJECTED,
        comment=reason,
        decision_note=reason,
        decided_at=timezone.now(),
    )


@transaction.atomic
def ticket_order_deliver(*, acting_user, order: InstantTicketOrder) -> InstantTicketOrder:
    return _move(acting_user, order, OrderStatus.DELIVERED, delivered_at=timezone.now())


@transaction.atomic
def ticket_order_settle(*, acting_user, order: InstantTicketOrder) -> InstantTicketOrder:
    """The station has paid for the delivered books: they leave its stock."""
    return _move(acting_user, order, OrderStatus.SETTLED, settled_at=timezone.now())

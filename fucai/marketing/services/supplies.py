"""Materials: stock in and out by movements, stations' requests and their delivery.

Stock never goes below zero: a delivery takes stock with one conditional UPDATE
(``stock >= quantity``), so two deliveries racing for the last posters cannot both
succeed, and a database constraint backs it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core import audit, roles
from fucai.core.choices import AuditAction
from fucai.core.scope import require_in_scope

from ..choices import REQUEST_TRANSITIONS, MovementKind, RequestStatus
from ..models import Material, MaterialRequest, StockMovement
from ._common import check_transition, record_transition


def _require(user, permission=roles.MANAGE_SUPPLIES) -> None:
    if not roles.has_permission(user, permission):
        raise PermissionDenied


@transaction.atomic
def material_create(*, acting_user, name: str, kind: str, unit: str) -> Material:
    _require(acting_user)
    material = Material(name=name, kind=kind, unit=unit)
    material.full_clean()
    material.save()
    audit.record_create(actor=acting_user, obj=material)
    return material


def _book(*, acting_user, material: Material, kind: str, quantity: int, request=None, note=""):
    """Write one movement and move the stock with it, refusing to go below zero."""
    if quantity == 0:
        raise ValidationError({"quantity": _("The quantity cannot be zero.")})
    moved = Material.objects.filter(pk=material.pk, stock__gte=max(0, -quantity)).update(
        stock=F("stock") + quantity
    )
    if not moved:
        material.refresh_from_db(fields=["stock"])
        raise ValidationError(
            {
                "quantity": _("Only %(stock)s %(unit)s of %(name)s in stock.")
                % {"stock": material.stock, "unit": material.unit, "name": material.name}
            }
        )
    movement = StockMovement.objects.create(
        material=material, kind=kind, quantity=quantity, request=request, note=note, by=acting_user
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=movement,
        changes={
            "quantity": {
                "label": str(StockMovement._meta.get_field("quantity").verbose_name),
                "old": None,
                "new": quantity,
            }
        },
        comment=f"{material.name} {MovementKind(kind).label} {note}".strip(),
    )
    material.refresh_from_db(fields=["stock"])
    return movement


@transaction.atomic
def material_receive(*, acting_user, material: Material, quantity: int, note: str = ""):
    _require(acting_user)
    if quantity <= 0:
        raise ValidationError({"quantity": _("Receive a positive quantity.")})
    return _book(
        acting_user=acting_user,
        material=material,
        kind=MovementKind.RECEIPT,
        quantity=quantity,
        note=note,
    )


@transaction.atomic
def material_adjust(*, acting_user, material: Material, quantity: int, note: str):
    """A stock count's correction (±), with its reason."""
    _require(acting_user)
    if not note.strip():
        raise ValidationError({"note": _("Say why the stock is corrected.")})
    return _book(
        acting_user=acting_user,
        material=material,
        kind=MovementKind.ADJUSTMENT,
        quantity=quantity,
        note=note,
    )


@transaction.atomic
def material_request_create(
    *, acting_user, station, material: Material, quantity: int, campaign=None, note: str = ""
) -> MaterialRequest:
    """A station asks for a material: its owner (on a phone) or staff on its behalf."""
    if not (
        roles.has_permission(acting_user, roles.ORDER_SUPPLIES)
        or roles.has_permission(acting_user, roles.MANAGE_SUPPLIES)
    ):
        raise PermissionDenied
    require_in_scope(acting_user, station)
    if not material.active:
        raise ValidationError({"material": _("This material is no longer available.")})
    request = MaterialRequest(
        station=station,
        material=material,
        quantity=quantity,
        campaign=campaign,
        note=note,
        requested_by=acting_user,
    )
    request.full_clean()
    request.save()
    audit.record_create(actor=acting_user, obj=request)
    return request


def _locked(request: MaterialRequest) -> MaterialRequest:
    return MaterialRequest.objects.select_for_update().select_related("material").get(pk=request.pk)


def _move(acting_user, request: MaterialRequest, to: str, comment: str = "", **stamps):
    request = _locked(request)
    require_in_scope(acting_user, request)
    check_transition(request, to, REQUEST_TRANSITIONS, RequestStatus)
    old = request.status
    request.status = to
    for name, value in stamps.items():
        setattr(request, name, value)
    request.save(update_fields=["status", *stamps])
    record_transition(
        actor=acting_user, obj=request, old=old, choices=RequestStatus, comment=comment
    )
    return request


@transaction.atomic
def material_request_approve(*, acting_user, request: MaterialRequest) -> MaterialRequest:
    _require(acting_user)
    return _move(acting_user, request, RequestStatus.APPROVED, decided_at=timezone.now())


@transaction.atomic
def material_request_reject(*, acting_user, request: MaterialRequest, reason: str):
    _require(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is rejected.")})
    return _move(
        acting_user,
        request,
        RequestStatus.REJECTED,
        comment=reason,
        decision_note=reason,
        decided_at=timezone.now(),
    )


@transaction.atomic
def material_request_deliver(*, acting_user, request: MaterialRequest) -> MaterialRequest:
    """Send the material: the stock goes out with the request's movement."""
    _require(acting_user)
    request = _move(acting_user, request, RequestStatus.DELIVERED, delivered_at=timezone.now())
    _book(
        acting_user=acting_user,
        material=request.material,
        kind=MovementKind.DELIVERY,
        quantity=-request.quantity,
        request=request,
        note=request.station.code,
    )
    return request


@transaction.atomic
def material_request_confirm(*, acting_user, request: MaterialRequest) -> MaterialRequest:
    """The owner confirms the material arrived."""
    _require(acting_user, roles.ORDER_SUPPLIES)
    return _move(acting_user, request, RequestStatus.CONFIRMED, confirmed_at=timezone.now())


@transaction.atomic
def material_request_cancel(*, acting_user, request: MaterialRequest) -> MaterialRequest:
    if not (
        roles.has_permission(acting_user, roles.ORDER_SUPPLIES)
        or roles.has_permission(acting_user, roles.MANAGE_SUPPLIES)
    ):
        raise PermissionDenied
    return _move(acting_user, request, RequestStatus.CANCELLED)

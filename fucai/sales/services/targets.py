"""Writes to sales targets: set (create or change) and delete, audited, finance only."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.models import Region
from fucai.core.roles import MANAGE_GAMES
from fucai.core.services import require
from fucai.stations.models import Station

from ..models import SalesTarget

_FIELDS = ["year", "month", "region", "station", "amount_fen"]


def _check_in_scope(user, *, region: Region | None, station: Station | None) -> None:
    if station is not None:
        scope.require_in_scope(user, station, message=_("This station is outside your data scope."))
    else:
        scope.require_region(user, region)


@transaction.atomic
def target_set(
    *,
    acting_user,
    year: int,
    month: int | None,
    amount_fen: int,
    region: Region | None = None,
    station: Station | None = None,
) -> SalesTarget:
    """Set the target of a district or a station for a year (month None) or a month,
    replacing the one already set for that scope and period."""
    require(acting_user, MANAGE_GAMES)
    _check_in_scope(acting_user, region=region, station=station)
    existing = (
        SalesTarget.objects.select_for_update()
        .filter(year=year, month=month, region=region, station=station)
        .order_by()  # the default ordering joins nullable FKs, which FOR UPDATE refuses
        .first()
    )
    target = existing or SalesTarget(year=year, month=month, region=region, station=station)
    before = audit.snapshot(target, _FIELDS) if existing else {}
    target.amount_fen = amount_fen
    target.updated_at = timezone.now()
    target.full_clean()
    target.save()
    if existing is None:
        audit.record_create(actor=acting_user, obj=target)
    else:
        changes = audit.diff(SalesTarget, before, audit.snapshot(target, _FIELDS))
        if changes:
            audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=target, changes=changes)
    return target


@transaction.atomic
def target_delete(*, acting_user, target: SalesTarget) -> None:
    require(acting_user, MANAGE_GAMES)
    locked = SalesTarget.objects.select_for_update().order_by().get(pk=target.pk)
    _check_in_scope(acting_user, region=locked.region, station=locked.station)
    changes = audit.diff(SalesTarget, audit.snapshot(locked, _FIELDS), {})
    audit.record(actor=acting_user, action=AuditAction.DELETE, obj=locked, changes=changes)
    locked.delete()

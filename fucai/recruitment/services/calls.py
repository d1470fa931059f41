"""Recruitment calls: drafted, published with their quotas, closed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction, RegionLevel
from fucai.core.models import Region
from fucai.core.services import require

from .. import constants as c
from ..choices import CallStatus, DocumentKind
from ..constants import MANAGE_CALLS
from ..models import CallQuota, RecruitmentCall

CALL_FIELDS = frozenset(c.CALL_FIELDS)
PUBLISHED_EDITABLE = frozenset(c.CALL_FIELDS_PUBLISHED)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - CALL_FIELDS
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    documents = fields.get("required_documents")
    if documents is not None:
        bad = [d for d in documents if d not in DocumentKind.values]
        if bad:
            raise ValidationError(
                {"required_documents": _("Unknown document kinds: %(kinds)s") % {"kinds": bad}}
            )
    sla = fields.get("sla_days")
    if sla is not None and (
        not isinstance(sla, dict)
        or any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in sla.values())
    ):
        raise ValidationError({"sla_days": _("Step deadlines must be whole days.")})


def _set_quotas(call: RecruitmentCall, quotas: dict) -> dict:
    """Replace the call's quotas with ``{region or region code: places}``."""
    result = {}
    call.quotas.all().delete()
    for key, places in quotas.items():
        region = key if isinstance(key, Region) else Region.objects.get(code=key)
        if region.level != RegionLevel.COUNTY:
            raise ValidationError(
                _("Quotas are set per district or county, not for %(region)s.") % {"region": region}
            )
        quota = CallQuota(call=call, region=region, quota=places)
        quota.full_clean()
        quota.save()
        result[region.code] = places
    return result


@transaction.atomic
def call_create(*, acting_user, quotas: dict | None = None, **fields) -> RecruitmentCall:
    require(acting_user, MANAGE_CALLS)
    _check_fields(fields)
    call = RecruitmentCall(created_by=acting_user, status=CallStatus.DRAFT, **fields)
    call.full_clean()
    call.save()
    audit.record_create(actor=acting_user, obj=call)
    if quotas:
        placed = _set_quotas(call, quotas)
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=call,
            changes={"quotas": {"label": str(_("quotas")), "old": None, "new": placed}},
        )
    return call


@transaction.atomic
def call_update(
    *, acting_user, call: RecruitmentCall, quotas: dict | None = None, **fields
) -> RecruitmentCall:
    require(acting_user, MANAGE_CALLS)
    _check_fields(fields)
    locked = RecruitmentCall.objects.select_for_update().get(pk=call.pk)
    if locked.status == CallStatus.CLOSED:
        raise ValidationError(_("A closed call cannot be changed."), code="call_closed")
    if locked.status == CallStatus.PUBLISHED and (
        set(fields) - PUBLISHED_EDITABLE or quotas is not None
    ):
        raise ValidationError(
            _(
                "A published call's conditions and quotas cannot change; "
                "close it and publish a new one."
            ),
            code="call_published",
        )
    before = audit.snapshot(locked)
    old_quotas = dict(locked.quotas.values_list("region__code", "quota"))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    changes = audit.diff(RecruitmentCall, before, audit.snapshot(locked))
    if quotas is not None:
        new_quotas = _set_quotas(locked, quotas)
        if new_quotas != old_quotas:
            changes["quotas"] = {"label": str(_("quotas")), "old": old_quotas, "new": new_quotas}
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


def _move(acting_user, call: RecruitmentCall, *, from_status: str, to_status: str, stamp: str):
    require(acting_user, MANAGE_CALLS)
    locked = RecruitmentCall.objects.select_for_update().get(pk=call.pk)
    if locked.status != from_status:
        raise ValidationError(
            _("This call is “%(status)s”.") % {"status": CallStatus(locked.status).label},
            code="invalid_transition",
        )
    before = audit.snapshot(locked, fields=["status", stamp])
    locked.status = to_status
    setattr(locked, stamp, timezone.now())
    locked.full_clean()
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(
            RecruitmentCall, before, audit.snapshot(locked, fields=["status", stamp])
        ),
    )
    return locked


@transaction.atomic
def call_publish(*, acting_user, call: RecruitmentCall) -> RecruitmentCall:
    if not call.quotas.filter(quota__gt=0).exists():
        raise ValidationError(
            _("Set at least one district's places before publishing."), code="no_quota"
        )
    return _move(
        acting_user,
        call,
        from_status=CallStatus.DRAFT,
        to_status=CallStatus.PUBLISHED,
        stamp="published_at",
    )


@transaction.atomic
def call_close(*, acting_user, call: RecruitmentCall) -> RecruitmentCall:
    return _move(
        acting_user,
        call,
        from_status=CallStatus.PUBLISHED,
        to_status=CallStatus.CLOSED,
        stamp="closed_at",
    )

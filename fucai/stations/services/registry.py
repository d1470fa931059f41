"""Every write to the station registry: validated, audited, in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, scope
from fucai.core.choices import AuditAction
from fucai.core.roles import CHANGE_STATION, REVEAL_PERSONAL_DATA
from fucai.core.services import ConcurrentUpdate, require
from fucai.core.validators import validate_credit_code, validate_id_number, validate_mobile

from .. import numbering
from ..choices import ALLOWED_TRANSITIONS, OwnerKind, StationStatus
from ..models import AgencyContract, InsurancePolicy, Station, StationOwner, StationStatusChange

STATION_FIELDS = (
    "code",
    "name",
    "kind",
    "station_class",
    "region",
    "address",
    "latitude",
    "longitude",
    "premises_area",
    "contact_phone",
    "terminal_count",
    "opened_on",
)


def _check_in_scope(user, station: Station) -> None:
    """Re-check after saving that the station is still inside the user's data scope,
    so a district user cannot move a station into a district they do not manage."""
    scope.require_in_scope(user, station, message=_("This station is outside your data scope."))


OWNER_OUT_OF_SCOPE = _(
    "This ID number is already registered as the owner of a station in another district; "
    "their details cannot be changed here. Please contact the station management "
    "department of the city center."
)


def _owner_fully_in_scope(user, owner: StationOwner) -> bool:
    """Whether ``user`` may edit every station of ``owner`` (so also the owner)."""
    stations = Station.objects.filter(owner=owner)
    return stations.count() == stations.visible_to(user).count()


def owner_resolve(*, acting_user, kind: str, name: str, id_number: str, phone: str) -> StationOwner:
    """Find the owner with this ID number (by keyed hash) or register a new one.

    Looking an owner up never changes data outside the acting user's scope: an existing
    owner's details are updated only when the user may edit every one of their stations;
    otherwise the owner is linked unchanged if the typed details match, and refused if
    they differ.
    """
    id_number = (
        validate_credit_code(id_number)
        if kind == OwnerKind.COMPANY
        else validate_id_number(id_number)
    )
    phone = validate_mobile(phone)
    digest = crypto.blind_index(id_number)
    owner = StationOwner.objects.select_for_update().filter(id_number_digest=digest).first()
    if owner is None:
        owner = StationOwner(
            kind=kind, name=name, id_number=id_number, id_number_digest=digest, phone=phone
        )
        owner.full_clean()
        owner.save()
        audit.record_create(actor=acting_user, obj=owner)
        return owner
    if (owner.name, owner.phone, owner.kind) == (name, phone, kind):
        return owner
    if not _owner_fully_in_scope(acting_user, owner):
        raise ValidationError({"owner_id_number": OWNER_OUT_OF_SCOPE}, code="owner_out_of_scope")
    before = audit.snapshot(owner)
    owner.name, owner.phone, owner.kind = name, phone, kind
    owner.full_clean()
    owner.save()
    changes = audit.diff(StationOwner, before, audit.snapshot(owner))
    if changes:
        audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=owner, changes=changes)
    return owner


def _save_unique_code(station: Station) -> None:
    """Save; a code taken by a concurrent registration since the check (the unique
    constraint decides) becomes the same form error as a code taken before."""
    try:
        with transaction.atomic():
            station.save()
    except IntegrityError:
        if Station.objects.filter(code=station.code).exclude(pk=station.pk).exists():
            raise numbering.code_taken(station.code, station.region) from None
        raise


@transaction.atomic
def station_create(*, acting_user, owner: dict, **fields) -> Station:
    require(acting_user, CHANGE_STATION)
    unknown = set(fields) - set(STATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown station fields: {sorted(unknown)}")
    if fields.get("region") is not None:
        fields["code"] = numbering.validate_new_code(fields.get("code", ""), fields["region"])
    station_owner = owner_resolve(acting_user=acting_user, **owner)
    station = Station(owner=station_owner, status=StationStatus.PREPARING, **fields)
    if station.contact_phone:
        station.contact_phone = validate_mobile(station.contact_phone)
    station.status_changed_on = timezone.localdate()
    station.full_clean()
    _save_unique_code(station)
    _check_in_scope(acting_user, station)
    StationStatusChange.objects.create(
        station=station,
        from_status="",
        to_status=station.status,
        effective_on=station.status_changed_on,
        reason=str(_("Registered")),
        actor=acting_user,
    )
    audit.record_create(actor=acting_user, obj=station)
    return station


@transaction.atomic
def station_update(
    *, acting_user, station: Station, version: int, owner: dict | None = None, **fields
) -> Station:
    """Apply an edit made on ``version`` of the station; refuse it if that is stale."""
    require(acting_user, CHANGE_STATION)
    unknown = set(fields) - set(STATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown station fields: {sorted(unknown)}")
    locked = Station.objects.select_for_update().get(pk=station.pk)
    _check_in_scope(acting_user, locked)
    if locked.version != version:
        raise ConcurrentUpdate()
    before = audit.snapshot(locked)
    if owner is not None:
        locked.owner = owner_resolve(acting_user=acting_user, **owner)
    # Existing codes predate the rule and stay valid; a changed code must follow it.
    if "code" in fields and fields["code"] != locked.code:
        fields["code"] = numbering.validate_new_code(
            fields["code"], fields.get("region") or locked.region, exclude_pk=locked.pk
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.contact_phone:
        locked.contact_phone = validate_mobile(locked.contact_phone)
    locked.full_clean()
    changes = audit.diff(Station, before, audit.snapshot(locked))
    if not changes:
        return locked
    locked.version += 1
    _save_unique_code(locked)
    _check_in_scope(acting_user, locked)
    audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


@transaction.atomic
def station_transition(
    *,
    acting_user,
    station: Station,
    to_status: str,
    reason: str,
    effective_on: datetime.date | None = None,
) -> Station:
    """Move a station along its lifecycle. The row is locked so that of two concurrent
    transitions exactly one applies; the other sees the new status and is re-validated."""
    require(acting_user, CHANGE_STATION)
    locked = Station.objects.select_for_update().get(pk=station.pk)
    _check_in_scope(acting_user, locked)
    return _apply_transition(locked, to_status, reason, effective_on, actor=acting_user)


@transaction.atomic
def station_transition_by_system(
    *,
    station: Station,
    to_status: str,
    reason: str,
    effective_on: datetime.date | None = None,
) -> Station:
    """The same lifecycle step taken by the system itself — a scheduled job acting on a
    rule (an overdue rectification order puts the station under rectification; its
    verification returns it to active) where no user acts. No permission or data scope
    applies; the status change and the audit entry name no user, the audit shows
    "system", and ``reason`` must say which rule acted. Callers are services, never
    views."""
    locked = Station.objects.select_for_update().get(pk=station.pk)
    return _apply_transition(locked, to_status, reason, effective_on, actor=None)


def _apply_transition(
    locked: Station, to_status: str, reason: str, effective_on, *, actor
) -> Station:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required.")}, code="required")
    if to_status not in ALLOWED_TRANSITIONS.get(locked.status, ()):
        raise ValidationError(
            _("A station cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": StationStatus(locked.status).label,
                "to": StationStatus(to_status).label
                if to_status in StationStatus.values
                else to_status,
            },
            code="invalid_transition",
        )
    effective_on = effective_on or timezone.localdate()
    if locked.opened_on and effective_on < locked.opened_on and to_status != StationStatus.CLOSED:
        raise ValidationError(
            {"effective_on": _("The date cannot be before the station opened.")}, code="date"
        )
    from_status = locked.status
    before = audit.snapshot(locked, fields=["status", "status_changed_on", "opened_on"])
    locked.status = to_status
    locked.status_changed_on = effective_on
    if to_status == StationStatus.ACTIVE and locked.opened_on is None:
        locked.opened_on = effective_on
    if to_status == StationStatus.CLOSED:
        locked.closed_on = effective_on
        locked.close_reason = reason[:200]
    locked.version += 1
    locked.save()
    StationStatusChange.objects.create(
        station=locked,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason[:200],
        actor=actor,
    )
    after = audit.snapshot(locked, fields=["status", "status_changed_on", "opened_on"])
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(Station, before, after),
        comment=reason,
    )
    return locked


@transaction.atomic
def contract_add(
    *,
    acting_user,
    station: Station,
    number: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deposit_fen: int,
) -> AgencyContract:
    require(acting_user, CHANGE_STATION)
    _check_in_scope(acting_user, station)
    contract = AgencyContract(
        station=station,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        deposit_fen=deposit_fen,
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    contract.full_clean()
    contract.save()
    audit.record_create(actor=acting_user, obj=contract, comment=str(station))
    return contract


@transaction.atomic
def insurance_add(
    *,
    acting_user,
    station: Station,
    insurer: str,
    policy_number: str,
    coverage_fen: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    premium_fen: int = 0,
) -> InsurancePolicy:
    require(acting_user, CHANGE_STATION)
    _check_in_scope(acting_user, station)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    policy = InsurancePolicy(
        station=station,
        insurer=insurer,
        policy_number=policy_number,
        coverage_fen=coverage_fen,
        premium_fen=premium_fen,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    policy.full_clean()
    policy.save()
    audit.record_create(actor=acting_user, obj=policy, comment=str(station))
    return policy


@transaction.atomic
def owner_identity_reveal(*, acting_user, station: Station) -> dict[str, str]:
    """Return the owner's full ID number and phone; every look is audited."""
    require(acting_user, REVEAL_PERSONAL_DATA)
    _check_in_scope(acting_user, station)
    owner = station.owner
    audit.record(
        actor=acting_user,
        action=AuditAction.REVEAL,
        obj=owner,
        comment=str(_("Full ID number and phone viewed on station %(code)s"))
        % {"code": station.code},
    )
    return {"id_number": owner.id_number, "phone": owner.phone}


# The judgements supervision publishes onto a station (governance computes them).
JUDGEMENT_FIELDS = frozenset({"grade", "grade_year", "stars", "stars_year", "provincial_star_year"})


@transaction.atomic
def station_judgements_publish(
    *, acting_user, judgements: dict[int, dict], comment: str = ""
) -> int:
    """Write published judgements onto many stations at once (a year's grades, a
    round's stars): ``judgements`` maps station ids to their values. The stations are
    locked, only real changes are written (one bulk update) and each is audited like
    :func:`station_judgement_publish` (one bulk insert). Returns the stations changed."""
    for values in judgements.values():
        unknown = set(values) - JUDGEMENT_FIELDS
        if unknown:
            raise ValueError(f"not a judgement field: {sorted(unknown)}")
    stations = Station.objects.select_for_update().filter(pk__in=list(judgements)).order_by("pk")
    changed, entries, fields = [], [], set()
    now = timezone.now()
    for station in stations:
        values = judgements[station.pk]
        before = audit.snapshot(station, values.keys())
        for name, value in values.items():
            setattr(station, name, value)
        after = audit.snapshot(station, values.keys())
        if after == before:
            continue
        station.version += 1
        station.updated_at = now  # bulk_update does not apply auto_now
        changed.append(station)
        fields.update(values)
        entries.append((station, audit.diff(Station, before, after), comment))
    if changed:
        Station.objects.bulk_update(
            changed, [*sorted(fields), "version", "updated_at"], batch_size=500
        )
        audit.record_many(actor=acting_user, action=AuditAction.UPDATE, entries=entries)
    return len(changed)


@transaction.atomic
def station_judgement_publish(*, acting_user, station: Station, comment: str = "", **values):
    """Write published judgements (grade, stars, provincial star year) onto ``station``.
    Governance calls this when it publishes a grading or star round; the change is
    audited like any other edit of the station."""
    unknown = set(values) - JUDGEMENT_FIELDS
    if unknown:
        raise ValueError(f"not a judgement field: {sorted(unknown)}")
    station = Station.objects.select_for_update().get(pk=station.pk)
    before = audit.snapshot(station, values.keys())
    for name, value in values.items():
        setattr(station, name, value)
    if audit.snapshot(station, values.keys()) == before:
        return station
    station.version += 1
    station.save(update_fields=[*values, "version", "updated_at"])
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=station,
        changes=audit.diff(Station, before, audit.snapshot(station, values.keys())),
        comment=comment,
    )
    return station

"""Sales staff (销售员): registering a person at a station, transfers, leaving.

A person is one :class:`SalesStaff` row per ID number (keyed hash); where they work is
:class:`StaffAssignment` history. Like :func:`owner_resolve`, finding an existing person
by ID number never changes data outside the acting user's scope: their details are
updated only when every station they work or worked at is in the user's scope.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, scope
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_STAFF
from fucai.core.services import require
from fucai.core.validators import validate_id_number, validate_mobile

from ..choices import AssignmentEnd, StaffRole, StationStatus
from ..models import SalesStaff, StaffAssignment, Station

STAFF_OUT_OF_SCOPE = _(
    "This ID number is already registered for a seller who works at stations outside your "
    "data scope; their name and mobile cannot be changed here. Enter them as on file, or "
    "contact the station management department of the city center."
)
STATION_OUT_OF_SCOPE = _("This station is outside your data scope.")
TARGET_OUT_OF_SCOPE = _("The station to transfer to is outside your data scope.")

# An assignment is open (no end date) or ended; ending is the only transition, and a
# transfer is an end (reason "transfer") plus a new open assignment elsewhere.
ALLOWED_END_REASONS = frozenset({AssignmentEnd.LEFT, AssignmentEnd.STATION_CLOSED})


def _fully_in_scope(user, staff: SalesStaff) -> bool:
    """Whether every station ``staff`` works or worked at is in ``user``'s scope."""
    stations = Station.objects.filter(staff_assignments__staff=staff).distinct()
    return stations.count() == stations.visible_to(user).count()


def staff_resolve(*, acting_user, name: str, id_number: str, phone: str) -> SalesStaff:
    """Find the person with this ID number (by keyed hash) or register them."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the name.")}, code="required")
    id_number = validate_id_number(id_number)
    phone = validate_mobile(phone)
    digest = crypto.blind_index(id_number)
    staff = SalesStaff.objects.select_for_update().filter(id_number_digest=digest).first()
    if staff is None:
        staff = SalesStaff(name=name, id_number=id_number, id_number_digest=digest, phone=phone)
        staff.full_clean(exclude=["id_number_digest"])
        staff.save()
        audit.record_create(actor=acting_user, obj=staff)
        return staff
    if (staff.name, staff.phone) == (name, phone):
        return staff
    if not _fully_in_scope(acting_user, staff):
        raise ValidationError({"id_number": STAFF_OUT_OF_SCOPE}, code="staff_out_of_scope")
    before = audit.snapshot(staff)
    staff.name, staff.phone = name, phone
    staff.version += 1
    staff.full_clean(exclude=["id_number_digest"])
    staff.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=staff,
        changes=audit.diff(SalesStaff, before, audit.snapshot(staff)),
    )
    return staff


def _require_station(user, station: Station, message=STATION_OUT_OF_SCOPE) -> Station:
    scope.require_in_scope(user, station, message=message)
    if station.status == StationStatus.CLOSED:
        raise ValidationError(
            {"station": _("Station %(code)s is closed.") % {"code": station.code}},
            code="closed",
        )
    return station


def _start(acting_user, staff, station, role, starts_on, comment="") -> StaffAssignment:
    if StaffAssignment.objects.filter(staff=staff, station=station, ends_on__isnull=True).exists():
        raise ValidationError(
            {
                "station": _("%(name)s already works at station %(code)s.")
                % {"name": staff.name, "code": station.code}
            },
            code="duplicate",
        )
    assignment = StaffAssignment(staff=staff, station=station, role=role, starts_on=starts_on)
    assignment.full_clean()
    assignment.save()
    audit.record_create(actor=acting_user, obj=assignment, comment=comment or station.code)
    return assignment


@transaction.atomic
def staff_register(
    *,
    acting_user,
    station: Station,
    name: str,
    id_number: str,
    phone: str,
    role: str = StaffRole.SELLER,
    starts_on: datetime.date | None = None,
) -> StaffAssignment:
    """Register a person as working at ``station`` from ``starts_on`` (today): an
    existing person (same ID number) is linked, never duplicated."""
    require(acting_user, MANAGE_STAFF)
    _require_station(acting_user, station)
    if role not in StaffRole.values:
        raise ValidationError({"role": _("Choose a role.")}, code="invalid")
    staff = staff_resolve(acting_user=acting_user, name=name, id_number=id_number, phone=phone)
    return _start(acting_user, staff, station, role, starts_on or timezone.localdate())


def _lock_open(assignment: StaffAssignment) -> StaffAssignment:
    locked = (
        StaffAssignment.objects.select_for_update()
        .select_related("staff", "station")
        .get(pk=assignment.pk)
    )
    if locked.ends_on is not None:
        raise ValidationError(
            _("This assignment already ended on %(date)s.") % {"date": locked.ends_on.isoformat()},
            code="ended",
        )
    return locked


def _end(acting_user, locked: StaffAssignment, ends_on: datetime.date, reason: str) -> None:
    if ends_on < locked.starts_on:
        raise ValidationError(
            {
                "ends_on": _("The end date cannot be before the start date (%(date)s).")
                % {"date": locked.starts_on.isoformat()}
            },
            code="date",
        )
    before = audit.snapshot(locked, fields=["ends_on", "end_reason"])
    locked.ends_on, locked.end_reason = ends_on, reason
    locked.full_clean()
    locked.save(update_fields=["ends_on", "end_reason"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(
            StaffAssignment, before, audit.snapshot(locked, fields=["ends_on", "end_reason"])
        ),
        comment=str(AssignmentEnd(reason).label),
    )


@transaction.atomic
def assignment_end(
    *,
    acting_user,
    assignment: StaffAssignment,
    reason: str,
    ends_on: datetime.date | None = None,
) -> StaffAssignment:
    """The person stops working at the station (left the job, the station closed); the
    assignment keeps its history."""
    require(acting_user, MANAGE_STAFF)
    locked = _lock_open(assignment)
    scope.require_in_scope(acting_user, locked.station, message=STATION_OUT_OF_SCOPE)
    if reason not in ALLOWED_END_REASONS:
        raise ValidationError({"reason": _("Choose why they left.")}, code="invalid")
    _end(acting_user, locked, ends_on or timezone.localdate(), reason)
    return locked


@transaction.atomic
def staff_transfer(
    *,
    acting_user,
    assignment: StaffAssignment,
    to_station: Station,
    on: datetime.date | None = None,
) -> StaffAssignment:
    """Move a person from their assignment's station to ``to_station`` from ``on``
    (today): the old assignment ends the day before, a new one starts, both kept."""
    require(acting_user, MANAGE_STAFF)
    locked = _lock_open(assignment)
    scope.require_in_scope(acting_user, locked.station, message=STATION_OUT_OF_SCOPE)
    _require_station(acting_user, to_station, message=TARGET_OUT_OF_SCOPE)
    if to_station.pk == locked.station_id:
        raise ValidationError(
            {"to_station": _("Choose another station than the current one.")}, code="same"
        )
    on = on or timezone.localdate()
    if on <= locked.starts_on:
        raise ValidationError(
            {
                "on": _("The transfer date must be after the start date (%(date)s).")
                % {"date": locked.starts_on.isoformat()}
            },
            code="date",
        )
    _end(acting_user, locked, on - datetime.timedelta(days=1), AssignmentEnd.TRANSFER)
    return _start(
        acting_user,
        locked.staff,
        to_station,
        locked.role,
        on,
        comment=_("Transferred from %(code)s") % {"code": locked.station.code},
    )

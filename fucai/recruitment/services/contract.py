"""The end of the workflow: the signing appointment, the signing itself (the one visit
the applicant makes in person) and the registration of the new station."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.stations import services as station_services
from fucai.stations.choices import OwnerKind, StationKind
from fucai.stations.models import Station

from .. import constants as c
from ..choices import ApplicationStatus as S
from ..choices import OpeningItem
from ..models import Application, OpeningChecklist, OpeningChecklistItem
from ._common import check_transition, lock_for_staff, required_text, transition

REVIEW = c.REVIEW_APPLICATIONS


@transaction.atomic
def contract_schedule(
    *, acting_user, application: Application, appointment_at: datetime.datetime, place: str
) -> Application:
    """Book the signing appointment (or move it)."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    check_transition(locked, S.CONTRACT_SCHEDULED)
    if appointment_at <= timezone.now():
        raise ValidationError(
            {"appointment_at": _("The appointment must be in the future.")}, code="past"
        )
    place = required_text(place, "place")
    transition(
        locked,
        to_status=S.CONTRACT_SCHEDULED,
        actor=acting_user,
        comment=place,
        updates={"contract_appointment_at": appointment_at, "contract_place": place},
    )
    return locked


@transaction.atomic
def contract_sign(
    *,
    acting_user,
    application: Application,
    signed_on: datetime.date | None = None,
    comment: str = "",
) -> Application:
    """Record the signing, the applicant's one visit in person (最多跑一次)."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    transition(
        locked,
        to_status=S.CONTRACT_SIGNED,
        actor=acting_user,
        comment=comment,
        updates={"contract_signed_on": signed_on or timezone.localdate()},
        in_person=True,
    )
    return locked


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def station_create_from_application(
    *,
    acting_user,
    application: Application,
    code: str,
    contract_number: str,
    name: str = "",
    contract_starts_on: datetime.date | None = None,
) -> Station:
    """Register the station of a signed application (status preparing), its agency
    contract with the call's deposit and term, and its opening checklist. ``code`` is
    the province-wide station number the province assigns."""
    locked = lock_for_staff(acting_user, application, REVIEW)
    check_transition(locked, S.STATION_CREATED)
    station = station_services.station_create(
        acting_user=acting_user,
        owner={
            "kind": OwnerKind.PERSON,
            "name": locked.name,
            "id_number": locked.id_number,
            "phone": locked.phone,
        },
        code=code,
        name=(name or str(_("Welfare lottery %(address)s")) % {"address": locked.address})[:100],
        kind=StationKind.COMPUTER,
        station_class=locked.intended_class,
        region=locked.region,
        address=locked.address,
        latitude=locked.latitude,
        longitude=locked.longitude,
        premises_area=locked.area,
        contact_phone=locked.phone,
    )
    starts_on = contract_starts_on or locked.contract_signed_on or timezone.localdate()
    ends_on = _years_later(starts_on, locked.call.contract_years) - datetime.timedelta(days=1)
    station_services.contract_add(
        acting_user=acting_user,
        station=station,
        number=required_text(contract_number, "contract_number"),
        starts_on=starts_on,
        ends_on=ends_on,
        deposit_fen=locked.call.deposit_fen,
    )
    checklist = OpeningChecklist.objects.create(application=locked, station=station)
    OpeningChecklistItem.objects.bulk_create(
        [OpeningChecklistItem(checklist=checklist, item=item) for item in OpeningItem.values]
    )
    audit.record_create(actor=acting_user, obj=checklist)
    transition(
        locked,
        to_status=S.STATION_CREATED,
        actor=acting_user,
        comment=station.code,
        updates={"station": station},
    )
    return station


@transaction.atomic
def opening_item_complete(
    *, acting_user, checklist: OpeningChecklist, item: str, done_on: datetime.date | None = None
) -> OpeningChecklistItem:
    """Tick off one item of a new station's opening checklist."""
    lock_for_staff(acting_user, checklist.application, REVIEW)
    row = OpeningChecklistItem.objects.select_for_update().get(checklist=checklist, item=item)
    before = audit.snapshot(row)
    row.done = True
    row.done_on = done_on or timezone.localdate()
    row.full_clean()
    row.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=row,
        changes=audit.diff(OpeningChecklistItem, before, audit.snapshot(row)),
        comment=str(checklist),
    )
    return row

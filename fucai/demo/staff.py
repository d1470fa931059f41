"""The demo's sales staff (销售员, 持证上岗): about 3,000 people selling at the active
stations — owners who sell among them — each with a sales certificate. Most
certificates run well past the demo's today; some end within 60 days (expiring: due for
the refresher course) and a few have ended (expired), so some stations are flagged as
having no certified seller on duty. A few sellers moved between stations (transfers) and
a few left the job.

Like the registry, the rows are drawn in memory and written with ``bulk_create``: the
ID numbers and phones are encrypted once here, their keyed hashes and masks computed
here, since a bulk insert calls no ``save()``.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from fucai.core import crypto, masking
from fucai.core.fields import defer_encrypted
from fucai.core.models import User
from fucai.stations.choices import (
    AssignmentEnd,
    CertificateScope,
    CertificateSource,
    OwnerKind,
    StaffRole,
    StationKind,
    StationStatus,
)
from fucai.stations.models import (
    CERTIFICATE_EXPIRING_DAYS,
    Certificate,
    SalesStaff,
    StaffAssignment,
    Station,
    StationOwner,
)
from fucai.stations.services import certificate_valid_to

from .people import PeopleFactory
from .plan import DEFAULT_ACTIVE

BATCH_SIZE = 1000
# About 3,000 people at the city's 1,275 active stations, in proportion for other sizes.
PEOPLE_AT_DEFAULT_SIZE = 3000
# Owners (people, not companies) who sell at their own stations.
OWNER_SELLS_SHARE = 0.4
# Where certificate ends fall around today: (share, first and last day from today).
CERTIFICATE_ENDS = (
    (0.03, -300, -1),  # expired, not renewed
    (0.08, 0, CERTIFICATE_EXPIRING_DAYS),  # expiring: due for the refresher course
    (0.89, CERTIFICATE_EXPIRING_DAYS + 1, 1000),
)
TRANSFER_SHARE = 0.015  # moved here from another station of the district
LEFT_SHARE = 0.02  # former sellers who left the job (history only)
SELLER_LOGIN = "seller"


@dataclass
class StaffSummary:
    people: int = 0
    owners_selling: int = 0
    assignments: int = 0
    transfers: int = 0
    left: int = 0
    certificates: int = 0
    expiring: int = 0
    expired: int = 0
    flagged_stations: int = 0
    seller_login: str = ""
    seller_certificate: str = ""
    ends: dict[str, int] = field(default_factory=dict)


def _person_row(name: str, id_number: str, phone: str) -> SalesStaff:
    return SalesStaff(
        name=name,
        id_number=id_number,
        id_number_digest=crypto.blind_index(id_number),
        id_number_masked=masking.mask_id_number(id_number),
        phone=phone,
        phone_masked=masking.mask_phone(phone),
    )


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _draw_end(rng: random.Random, today: datetime.date) -> tuple[datetime.date, str]:
    draw, total = rng.random(), 0.0
    for (share, first, last), label in zip(
        CERTIFICATE_ENDS, ("expired", "expiring", "valid"), strict=True
    ):
        total += share
        if draw < total or label == "valid":
            return today + datetime.timedelta(days=rng.randint(first, last)), label
    raise AssertionError("unreachable")


def _valid_from(valid_to: datetime.date) -> datetime.date:
    """The issue day whose three-year period ends on ``valid_to``."""
    start = valid_to + datetime.timedelta(days=1)
    try:
        start = start.replace(year=start.year - 3)
    except ValueError:  # 29 February
        start = start.replace(year=start.year - 3, day=28)
    assert certificate_valid_to(start) <= valid_to
    return start


def load_demo_staff(
    *,
    seed: int,
    today: datetime.date,
    people: PeopleFactory | None = None,
    seller_user: User | None = None,
    demo_owner: StationOwner | None = None,
) -> StaffSummary:
    """Write the staff of the active stations already loaded. ``people`` should be the
    factory that drew the owners, so no ID number or phone repeats theirs."""
    rng = random.Random(f"{seed}:staff")
    people = people or PeopleFactory(random.Random(f"{seed}:staff-people"))
    # No seller is drawn with an owner's ID number (owners who sell are themselves);
    # compared by keyed hash, so nothing is decrypted for it.
    owner_digests = set(StationOwner.objects.values_list("id_number_digest", flat=True))
    summary = StaffSummary()
    stations = list(
        defer_encrypted(
            Station.objects.filter(status=StationStatus.ACTIVE)
            .select_related("owner", "region")
            .order_by("code")
        )
    )
    if not stations:
        return summary
    by_region: dict[int, list[Station]] = {}
    for station in stations:
        by_region.setdefault(station.region_id, []).append(station)

    staff_rows: list[SalesStaff] = []
    # (index into staff_rows, station, role, starts_on, ends_on, end_reason)
    assignments: list[tuple[int, Station, str, datetime.date, datetime.date | None, str]] = []
    owner_index: dict[int, int] = {}
    latest_start = today - datetime.timedelta(days=30)

    def start_day(station: Station) -> datetime.date:
        opened = station.opened_on or datetime.date(2010, 1, 1)
        return _day_between(rng, opened, max(opened, latest_start))

    # Owners who sell: one person, at each of their active stations.
    for station in stations:
        owner = station.owner
        if owner.kind != OwnerKind.PERSON:
            continue
        selling = owner.pk in owner_index or (demo_owner is not None and owner.pk == demo_owner.pk)
        if owner.pk not in owner_index:
            selling = selling or rng.random() < OWNER_SELLS_SHARE
            if not selling:
                owner_index[owner.pk] = -1
                continue
            owner_index[owner.pk] = len(staff_rows)
            staff_rows.append(None)  # filled below with the owner's identity
        if owner_index[owner.pk] >= 0:
            assignments.append(
                (owner_index[owner.pk], station, StaffRole.OWNER, start_day(station), None, "")
            )
    selling = {pk: index for pk, index in owner_index.items() if index >= 0}
    summary.owners_selling = len(selling)
    # Only the owners who sell have their identity decrypted, in one query.
    for pk, name, id_number, phone in StationOwner.objects.filter(pk__in=selling).values_list(
        "pk", "name", "id_number", "phone"
    ):
        staff_rows[selling[pk]] = _person_row(name, id_number, phone)

    # Sellers: at least one per station, the rest spread at random.
    target = round(len(stations) * PEOPLE_AT_DEFAULT_SIZE / DEFAULT_ACTIVE)
    sellers = max(len(stations), target - summary.owners_selling)
    per_station = [1] * len(stations)
    for _ in range(sellers - len(stations)):
        per_station[rng.randrange(len(stations))] += 1
    first_seller: dict[int, int] = {}
    for station, count in zip(stations, per_station, strict=True):
        for _ in range(count):
            person = people.person(station.region.code)
            while crypto.blind_index(person.id_number) in owner_digests:
                person = people.person(station.region.code)
            index = len(staff_rows)
            staff_rows.append(_person_row(person.name, person.id_number, person.phone))
            first_seller.setdefault(station.pk, index)
            starts = start_day(station)
            if rng.random() < TRANSFER_SHARE and len(by_region[station.region_id]) > 1:
                # Worked at another station of the district before.
                before = rng.choice([s for s in by_region[station.region_id] if s != station])
                first_day = (before.opened_on or datetime.date(2010, 1, 1)) + datetime.timedelta(
                    days=1
                )
                if starts - first_day > datetime.timedelta(days=60):
                    earlier = _day_between(rng, first_day, starts - datetime.timedelta(days=30))
                    ended = starts - datetime.timedelta(days=1)
                    assignments.append(
                        (index, before, StaffRole.SELLER, earlier, ended, AssignmentEnd.TRANSFER)
                    )
                    summary.transfers += 1
            assignments.append((index, station, StaffRole.SELLER, starts, None, ""))

    # Former sellers: left the job, history only.
    for _ in range(round(sellers * LEFT_SHARE)):
        station = rng.choice(stations)
        person = people.person(station.region.code)
        while crypto.blind_index(person.id_number) in owner_digests:
            person = people.person(station.region.code)
        index = len(staff_rows)
        staff_rows.append(_person_row(person.name, person.id_number, person.phone))
        starts = start_day(station)
        ended = _day_between(rng, starts, max(starts, latest_start))
        assignments.append((index, station, StaffRole.SELLER, starts, ended, AssignmentEnd.LEFT))
        summary.left += 1

    # The demo seller login: the first seller of the demo owner's first station.
    seller_index = None
    if seller_user is not None:
        own = [s for s in stations if demo_owner is not None and s.owner_id == demo_owner.pk]
        seller_index = first_seller.get((own or stations)[0].pk)
        SalesStaff.objects.filter(user=seller_user).update(user=None)
        staff_rows[seller_index].user = seller_user

    SalesStaff.objects.bulk_create(staff_rows, batch_size=BATCH_SIZE)
    StaffAssignment.objects.bulk_create(
        [
            StaffAssignment(
                staff=staff_rows[index],
                station=station,
                role=role,
                starts_on=starts,
                ends_on=ends,
                end_reason=reason,
            )
            for index, station, role, starts, ends, reason in assignments
        ],
        batch_size=BATCH_SIZE,
    )

    # One certificate per person, numbered per year of issue in issue order.
    certificates = []
    for index, staff in enumerate(staff_rows):
        valid_to, label = _draw_end(rng, today)
        if index == seller_index:
            valid_to, label = today + datetime.timedelta(days=700), "valid"
        summary.ends[label] = summary.ends.get(label, 0) + 1
        valid_from = _valid_from(valid_to)
        certificates.append((valid_from, valid_to, staff))
    certificates.sort(key=lambda row: (row[0], row[2].pk))
    sequence: dict[int, int] = {}
    video_holders = set(
        StaffAssignment.objects.filter(station__kind=StationKind.VIDEO).values_list(
            "staff_id", flat=True
        )
    )
    rows = []
    for valid_from, valid_to, staff in certificates:
        sequence[valid_from.year] = sequence.get(valid_from.year, 0) + 1
        rows.append(
            Certificate(
                number=f"ZJFC{valid_from.year}{sequence[valid_from.year]:06d}",
                holder=staff,
                scope=CertificateScope.VIDEO
                if staff.pk in video_holders
                else CertificateScope.LOTTERY,
                valid_from=valid_from,
                valid_to=valid_to,
                source=CertificateSource.EXAM,
            )
        )
    Certificate.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    if seller_user is not None and seller_index is not None:
        seller = staff_rows[seller_index]
        seller_user.display_name = seller.name
        seller_user.save(update_fields=["display_name"])
        summary.seller_login = seller_user.username
        summary.seller_certificate = next(c.number for c in rows if c.holder_id == seller.pk)

    from fucai.stations.selectors import stations_without_certified_seller

    summary.people = len(staff_rows)
    summary.assignments = len(assignments)
    summary.certificates = len(rows)
    summary.expiring = summary.ends.get("expiring", 0)
    summary.expired = summary.ends.get("expired", 0)
    summary.flagged_stations = stations_without_certified_seller(
        Station.objects.all(), today
    ).count()
    return summary


def flush_demo_staff() -> dict[str, int]:
    """Delete the staff and certificates (before the stations they refer to)."""
    deleted = {}
    Certificate.objects.exclude(renewed_from=None).update(renewed_from=None)
    for model in (Certificate, StaffAssignment, SalesStaff):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    return deleted

"""Reads of sales staff and certificates, data scope applied by the callers'
``visible_to``: who is on duty where, who is certified, which active stations have no
certified seller on duty (持证上岗: every station needs one)."""

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from ..choices import CertificateStatus, StationStatus
from ..models import CERTIFICATE_EXPIRING_DAYS, Certificate, StaffAssignment, Station

# A person's certificate status, on the staff list: their best (latest-ending) live
# certificate's, or "none".
NO_CERTIFICATE = "none"


def live_certificates(on: datetime.date) -> QuerySet:
    """Certificates valid on ``on`` (expiring ones included), not revoked."""
    return Certificate.objects.filter(revoked_at__isnull=True, valid_from__lte=on, valid_to__gte=on)


def current_assignments(on: datetime.date) -> QuerySet:
    return StaffAssignment.objects.current(on)


def certified_on_duty(on: datetime.date | None = None) -> Exists:
    """For a Station queryset: whether someone holding a live certificate works there
    on ``on``."""
    on = on or timezone.localdate()
    return Exists(
        current_assignments(on).filter(
            station=OuterRef("pk"),
            staff__in=live_certificates(on).values("holder"),
        )
    )


def certified_sellers_on(station_ids, on: datetime.date) -> dict[int, int] | None:
    """How many people holding a certificate in force (not revoked by then) worked at
    each of ``station_ids`` on ``on`` — or ``None`` when no certificate on file was in
    force that day: the registry holds no certification data for then (sellers not yet
    registered, or registered only with their current certificates), which is "no
    data", not zero."""
    if not Certificate.objects.filter(valid_from__lte=on, valid_to__gte=on).exists():
        return None
    in_force = Q(staff__certificates__valid_from__lte=on, staff__certificates__valid_to__gte=on)
    not_revoked = Q(staff__certificates__revoked_at__isnull=True) | Q(
        staff__certificates__revoked_at__date__gt=on
    )
    rows = (
        StaffAssignment.objects.filter(station_id__in=list(station_ids), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(in_force, not_revoked)
        .values("station_id")
        .annotate(n=Count("staff", distinct=True))
        .order_by()
    )
    return {row["station_id"]: row["n"] for row in rows}


def stations_without_certified_seller(stations: QuerySet, on: datetime.date | None = None):
    """The active stations of ``stations`` with no certified seller on duty (flagged)."""
    return stations.filter(status=StationStatus.ACTIVE).exclude(certified_on_duty(on))


def station_is_flagged(station: Station, on: datetime.date | None = None) -> bool:
    if station.status != StationStatus.ACTIVE:
        return False
    return stations_without_certified_seller(Station.objects.filter(pk=station.pk), on).exists()


def with_certificate_status(staff: QuerySet, on: datetime.date | None = None) -> QuerySet:
    """Annotate ``best_valid_to`` (latest end of a non-revoked certificate already in
    force) and ``certificate_status`` (valid / expiring / expired / none) on ``on``."""
    on = on or timezone.localdate()
    soon = on + datetime.timedelta(days=CERTIFICATE_EXPIRING_DAYS)
    best = (
        Certificate.objects.filter(
            holder=OuterRef("pk"), revoked_at__isnull=True, valid_from__lte=on
        )
        .order_by("-valid_to")
        .values("valid_to")[:1]
    )
    return staff.annotate(best_valid_to=Subquery(best)).annotate(
        certificate_status=Case(
            When(best_valid_to__isnull=True, then=Value(NO_CERTIFICATE)),
            When(best_valid_to__lt=on, then=Value(CertificateStatus.EXPIRED)),
            When(best_valid_to__lte=soon, then=Value(CertificateStatus.EXPIRING)),
            default=Value(CertificateStatus.VALID),
            output_field=CharField(),
        )
    )


def filter_certificate_status(staff: QuerySet, status: str, on=None) -> QuerySet:
    """``status``: valid (expiring included), expiring, expired, none."""
    staff = with_certificate_status(staff, on)
    if status == CertificateStatus.VALID:
        return staff.filter(
            certificate_status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING]
        )
    return staff.filter(certificate_status=status)


def station_staff(station: Station, on: datetime.date | None = None) -> dict:
    """The people of ``station``: those on duty with their best certificate, and the
    history of everyone who worked there (two queries)."""
    on = on or timezone.localdate()
    assignments = list(
        StaffAssignment.objects.filter(station=station)
        .select_related("staff")
        .order_by("-starts_on", "-id")
    )
    holders = {a.staff_id for a in assignments}
    best: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(holder__in=holders).order_by("valid_to"):
        if certificate.revoked_at is None and certificate.valid_from <= on:
            best[certificate.holder_id] = certificate  # the latest ending wins
    revoked = {
        c.holder_id: c
        for c in Certificate.objects.filter(holder__in=holders, revoked_at__isnull=False)
    }
    current, past = [], []
    for assignment in assignments:
        certificate = best.get(assignment.staff_id) or revoked.get(assignment.staff_id)
        row = {
            "assignment": assignment,
            "staff": assignment.staff,
            "certificate": certificate,
            "status": certificate.status_on(on) if certificate else NO_CERTIFICATE,
        }
        running = assignment.starts_on <= on and (
            assignment.ends_on is None or assignment.ends_on >= on
        )
        (current if running else past).append(row)
    certified = any(
        row["status"] in (CertificateStatus.VALID, CertificateStatus.EXPIRING) for row in current
    )
    return {
        "current": current,
        "past": past,
        "certified": certified,
        "flagged": station.status == StationStatus.ACTIVE and not certified,
    }


def certified_staff_count(station: Station, on: datetime.date | None = None) -> int:
    on = on or timezone.localdate()
    return (
        current_assignments(on)
        .filter(station=station, staff__in=live_certificates(on).values("holder"))
        .values("staff")
        .distinct()
        .count()
    )


def current_stations(staff_ids, on: datetime.date | None = None) -> dict[int, list]:
    """Staff id → their current assignments (station code, name, role), one query."""
    on = on or timezone.localdate()
    rows: dict[int, list] = {}
    for row in (
        current_assignments(on)
        .filter(staff__in=list(staff_ids))
        .order_by("starts_on", "id")
        .values("staff_id", "role", "starts_on", "station__code", "station__name")
    ):
        rows.setdefault(row["staff_id"], []).append(row)
    return rows


def region_of_current_station(region) -> Q:
    """SalesStaff rows working today at a station of ``region``."""
    on = timezone.localdate()
    return Q(Exists(current_assignments(on).filter(staff=OuterRef("pk"), station__region=region)))


def renewable_certificates(certificates: QuerySet, on: datetime.date | None = None) -> QuerySet:
    """Certificates their holder may renew now through the refresher course: still in
    force, ending within ``CERTIFICATE_EXPIRING_DAYS``, not revoked, not renewed yet.
    An expired one is not renewed: its holder takes the exam again."""
    on = on or timezone.localdate()
    soon = on + datetime.timedelta(days=CERTIFICATE_EXPIRING_DAYS)
    return certificates.filter(
        revoked_at__isnull=True,
        valid_from__lte=on,
        valid_to__gte=on,
        valid_to__lte=soon,
        renewal__isnull=True,
    )


def renewal_eligible(certificate: Certificate, on: datetime.date | None = None) -> bool:
    return renewable_certificates(Certificate.objects.filter(pk=certificate.pk), on).exists()

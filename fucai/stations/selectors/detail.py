"""Figures shown with one station (its page, the API's station detail)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..choices import CertificateStatus
from ..models import Certificate, StaffAssignment, Station


def certified_staff_count(station: Station, on: datetime.date | None = None) -> int:
    """People working at ``station`` on ``on`` (a current assignment) who hold a
    certificate valid that day (持证上岗). One query."""
    on = on or timezone.localdate()
    valid = Certificate.objects.status(CertificateStatus.VALID, on).filter(holder=OuterRef("staff"))
    return (
        StaffAssignment.objects.current(on)
        .filter(station=station)
        .filter(Exists(valid))
        .values("staff")
        .distinct()
        .count()
    )

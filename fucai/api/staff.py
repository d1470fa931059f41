"""Sales staff (销售员) and their certificates (销售员上岗证), read only, in the caller's
data scope. Lists are paged ``{count, items}`` with ``limit`` / ``offset`` as on
/api/stations. ID numbers and phones appear masked only; a certificate's holder by
their masked name."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from fucai.core import roles
from fucai.core.masking import mask_name
from fucai.core.models import Region
from fucai.stations import selectors
from fucai.stations.choices import CertificateStatus, StaffRole
from fucai.stations.models import Certificate, SalesStaff, StaffAssignment

from .errors import Code, Offset

router = Router(tags=["staff"])


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class StaffFilters(Page):
    region: str | None = Field(None, pattern=r"^\d{6}$")
    station: Code | None = None
    certified: bool | None = None


class StationAt(BaseModel):
    code: str
    name: str
    role: StaffRole
    since: datetime.date


# Built from dicts: plain pydantic models (see api/stations.py).
class StaffItem(BaseModel):
    id: int
    name: str
    id_number_masked: str
    phone_masked: str
    stations: list[StationAt]
    certified: bool
    certificate_valid_to: datetime.date | None


class StaffList(Schema):
    count: int
    items: list[StaffItem]


class CertificateFilters(Page):
    status: CertificateStatus | None = None


class CertificateItem(BaseModel):
    number: str
    holder: str
    holder_id: int
    scope: str
    valid_from: datetime.date
    valid_to: datetime.date
    status: CertificateStatus


class CertificateList(Schema):
    count: int
    items: list[CertificateItem]


def _require_view(request) -> None:
    if not roles.has_permission(request.user, roles.VIEW_STAFF):
        raise PermissionDenied


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).only("id", "level").first()
    if region is None:
        raise HttpError(422, f"Unknown region code: {code}.")
    return region


@router.get("/staff", response=StaffList)
def list_staff(request, filters: Query[StaffFilters]):
    """People on duty today at the stations in the caller's scope, by name: their
    current stations, and whether they hold a certificate valid today (``certified``;
    ``certificate_valid_to`` is the latest end of one). ``region`` (a GB/T 2260 code:
    county, city or province) and ``station`` (a code) narrow to where they work."""
    _require_view(request)
    today = timezone.localdate()
    at = StaffAssignment.objects.current(today).filter(staff=OuterRef("pk"))
    if filters.region:
        region = _region(filters.region)
        if region.level == "county":
            at = at.filter(station__region=region)
        else:
            # A city or a province: every county-level unit beneath it.
            at = at.filter(
                Q(station__region__parent=region) | Q(station__region__parent__parent=region)
            )
    if filters.station:
        at = at.filter(station__code=filters.station)
    queryset = selectors.with_certificate_status(
        SalesStaff.objects.visible_to(request.user).filter(Exists(at)), today
    )
    live = [CertificateStatus.VALID, CertificateStatus.EXPIRING]
    if filters.certified is True:
        queryset = queryset.filter(certificate_status__in=live)
    elif filters.certified is False:
        queryset = queryset.exclude(certificate_status__in=live)
    rows = list(
        queryset.order_by("name", "pk").values(
            "id", "name", "id_number_masked", "phone_masked", "best_valid_to", "certificate_status"
        )[filters.offset : filters.offset + filters.limit]
    )
    stations = selectors.current_stations([row["id"] for row in rows], today)
    items = [
        {
            "id": row["id"],
            "name": row["name"],
            "id_number_masked": row["id_number_masked"],
            "phone_masked": row["phone_masked"],
            "stations": [
                {
                    "code": a["station__code"],
                    "name": a["station__name"],
                    "role": a["role"],
                    "since": a["starts_on"],
                }
                for a in stations.get(row["id"], [])
            ],
            "certified": row["certificate_status"] in live,
            "certificate_valid_to": row["best_valid_to"],
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}


@router.get("/certificates", response=CertificateList)
def list_certificates(request, filters: Query[CertificateFilters]):
    """Sales certificates of the people in the caller's scope, soonest ending first.
    ``status`` on today: ``valid`` (expiring ones included), ``expiring`` (ending within
    60 days), ``expired``, ``revoked``. The holder is named masked (张*)."""
    _require_view(request)
    queryset = Certificate.objects.visible_to(request.user).with_status()
    if filters.status:
        queryset = queryset.status(filters.status)
    rows = queryset.order_by("valid_to", "number").values(
        "number", "holder_id", "holder__name", "scope", "valid_from", "valid_to", "status_now"
    )[filters.offset : filters.offset + filters.limit]
    items = [
        {
            "number": row["number"],
            "holder": mask_name(row["holder__name"]),
            "holder_id": row["holder_id"],
            "scope": row["scope"],
            "valid_from": row["valid_from"],
            "valid_to": row["valid_to"],
            "status": row["status_now"],
        }
        for row in rows
    ]
    return {"count": queryset.count(), "items": items}

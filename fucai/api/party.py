"""Party building (智慧党建), read only, for the party-affairs office and leadership
(VIEW_PARTY): members with masked personal data, and activities by year and kind. Lists
are paged ``{count, items}`` with ``limit`` / ``offset``."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from fucai.core import roles
from fucai.party.choices import ActivityKind, ActivityStatus, MemberStatus, Post
from fucai.party.models import PartyActivity, PartyMember

from .errors import Offset

router = Router(tags=["party"])


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class MemberFilters(Page):
    branch: int | None = Field(None, ge=1, le=2**63 - 1)
    status: MemberStatus | None = None


class MemberItem(BaseModel):
    id: int
    name: str
    branch: str
    id_number_masked: str
    phone_masked: str
    status: MemberStatus
    post: Post
    joined_on: datetime.date
    full_on: datetime.date | None


class MemberList(Schema):
    count: int
    items: list[MemberItem]


class ActivityFilters(Page):
    year: int | None = Field(None, ge=2000, le=2100)
    type: ActivityKind | None = None


class ActivityItem(BaseModel):
    id: int
    branch: str
    type: ActivityKind
    title: str
    status: ActivityStatus
    planned_on: datetime.date
    held_on: datetime.date | None
    place: str


class ActivityList(Schema):
    count: int
    items: list[ActivityItem]


def _require(request) -> None:
    if not roles.has_permission(request.user, roles.VIEW_PARTY):
        raise PermissionDenied


@router.get("/members", response=MemberList)
def list_members(request, filters: Query[MemberFilters]):
    """Members (current ones unless ``status`` says otherwise) by name; ID numbers and
    phones masked."""
    _require(request)
    members = PartyMember.objects.visible_to(request.user)
    if filters.branch:
        members = members.filter(branch_id=filters.branch)
    members = members.filter(status=filters.status) if filters.status else members.current()
    fields = ("pk", "name", "branch__name", "id_number_masked", "phone_masked", "status")
    page = members.order_by("name", "pk").values_list(*fields, "post", "joined_on", "full_on")
    page = page[filters.offset : filters.offset + filters.limit]
    keys = ("id", "name", "branch", "id_number_masked", "phone_masked", "status")
    keys += ("post", "joined_on", "full_on")
    return {"count": members.count(), "items": [dict(zip(keys, row, strict=True)) for row in page]}


@router.get("/activities", response=ActivityList)
def list_activities(request, filters: Query[ActivityFilters]):
    """Activities, newest first, of a ``year`` (by their planned date) and a ``type``."""
    _require(request)
    activities = PartyActivity.objects.visible_to(request.user)
    if filters.year:
        activities = activities.filter(planned_on__year=filters.year)
    if filters.type:
        activities = activities.filter(kind=filters.type)
    fields = ("pk", "branch__name", "kind", "title", "status", "planned_on", "held_on", "place")
    page = activities.order_by("-planned_on", "-pk").values_list(*fields)
    page = page[filters.offset : filters.offset + filters.limit]
    keys = ("id", "branch", "type", "title", "status", "planned_on", "held_on", "place")
    return {
        "count": activities.count(),
        "items": [dict(zip(keys, row, strict=True)) for row in page],
    }

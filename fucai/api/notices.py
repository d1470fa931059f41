"""The caller's own notices with their read state, and marking one read."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from fucai.core import roles
from fucai.notices import services
from fucai.notices.models import NoticeAttachment, NoticeRecipient

from .errors import Id, Offset

router = Router(tags=["notices"])


class NoticeFilters(Schema):
    unread: bool | None = Field(None, description="Only unread (true) or read (false).")
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class AttachmentItem(BaseModel):
    name: str
    size: int
    content_type: str
    url: str


class NoticeItem(BaseModel):
    id: int
    title: str
    body: str
    sent_at: datetime.datetime
    sender_unit: str
    read: bool
    read_at: datetime.datetime | None
    attachments: list[AttachmentItem]


class NoticeList(Schema):
    count: int
    items: list[NoticeItem]


def _require_reader(request) -> None:
    if not roles.has_permission(request.user, roles.READ_NOTICES):
        raise PermissionDenied


def _items(rows: list[NoticeRecipient]) -> list[dict]:
    files: dict[int, list[dict]] = {}
    attachments = NoticeAttachment.objects.filter(notice_id__in=[r.notice_id for r in rows])
    for a in attachments.order_by("id"):
        files.setdefault(a.notice_id, []).append(
            {
                "name": a.name,
                "size": a.size,
                "content_type": a.content_type,
                "url": reverse("notices:attachment", args=[a.pk]),
            }
        )
    return [
        {
            "id": r.notice_id,
            "title": r.notice.title,
            "body": r.notice.body,
            "sent_at": r.notice.sent_at,
            "sender_unit": str(r.notice.sender_unit or ""),
            "read": r.read_at is not None,
            "read_at": r.read_at,
            "attachments": files.get(r.notice_id, []),
        }
        for r in rows
    ]


@router.get("/notices", response=NoticeList)
def list_notices(request, filters: Query[NoticeFilters]):
    """The notices sent to the caller, unread first, then newest first."""
    _require_reader(request)
    rows = NoticeRecipient.objects.filter(user=request.user)
    if filters.unread is not None:
        rows = rows.filter(read_at__isnull=filters.unread)
    page = rows.select_related("notice", "notice__sender_unit").order_by(
        F("read_at").desc(nulls_first=True), "-notice__sent_at", "-id"
    )[filters.offset : filters.offset + filters.limit]
    return {"count": rows.count(), "items": _items(list(page))}


@router.post("/notices/{notice_id}/read", response=NoticeItem)
def mark_notice_read(request, notice_id: Id):
    """Mark one of the caller's notices read (as opening it does); another user's notice
    is not found. Marking it again keeps the first time."""
    _require_reader(request)
    try:
        receipt = services.notice_open(user=request.user, notice_id=notice_id)
    except NoticeRecipient.DoesNotExist:
        raise Http404 from None
    return _items([receipt])[0]

"""Recruitment over JSON: open calls (public), the applicant's own applications, and
the staff work queue. Another applicant's application is a 404, never a 403."""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Router, Schema

from fucai.core import masking
from fucai.core.roles import has_permission
from fucai.recruitment import constants as c
from fucai.recruitment import selectors
from fucai.recruitment.choices import CallStatus
from fucai.recruitment.models import Application, RecruitmentCall
from fucai.recruitment.progress import progress

from .errors import Code, Offset

router = Router(tags=["recruitment"])


class QuotaOut(Schema):
    region: str
    region_name: str
    places: int
    remaining: int


class CallOut(Schema):
    id: int
    title: str
    opens_on: datetime.date
    closes_on: datetime.date | None
    is_open: bool
    min_age: int
    max_age: int
    min_education: str
    required_documents: list[str]
    notice_days: int
    quotas: list[QuotaOut]


class StepOut(Schema):
    status: str
    label: str
    at: datetime.datetime
    deadline_on: datetime.date | None
    handler: str
    in_person: bool


class ApplicationOut(Schema):
    tracking_code: str
    call_id: int
    call_title: str
    region: str
    status: str
    status_label: str
    due_on: datetime.date | None
    submitted_at: datetime.datetime | None


class ApplicationDetailOut(ApplicationOut):
    next_step: str
    handler: str
    in_person_visits: int
    steps: list[StepOut]


class QueueItemOut(Schema):
    tracking_code: str
    name_masked: str
    region: str
    call_id: int
    status: str
    due_on: datetime.date | None
    overdue: bool


class QueueOut(Schema):
    count: int
    items: list[QueueItemOut]


@router.get("/calls", auth=None, response=list[CallOut])
def list_calls(request):
    """Published calls with their places per district (no authentication)."""
    today = timezone.localdate()
    result = []
    calls = list(
        RecruitmentCall.objects.filter(status=CallStatus.PUBLISHED).order_by("-opens_on", "-id")
    )
    quotas = selectors.quota_rows(calls)
    for call in calls:
        result.append(
            {
                "id": call.pk,
                "title": call.title,
                "opens_on": call.opens_on,
                "closes_on": call.closes_on,
                "is_open": call.is_open_on(today),
                "min_age": call.min_age,
                "max_age": call.max_age,
                "min_education": call.min_education,
                "required_documents": list(call.required_documents),
                "notice_days": call.notice_days,
                "quotas": [
                    {
                        "region": q["region"].code,
                        "region_name": q["region"].name,
                        "places": q["quota"],
                        "remaining": max(q["remaining"], 0),
                    }
                    for q in quotas[call.pk]
                ],
            }
        )
    return result


def _item(application: Application) -> dict:
    return {
        "tracking_code": application.tracking_code,
        "call_id": application.call_id,
        "call_title": application.call.title,
        "region": application.region.code,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "due_on": application.due_on,
        "submitted_at": application.submitted_at,
    }


@router.get("/applications", response=list[ApplicationOut])
def list_my_applications(request):
    """The caller's own applications."""
    rows = Application.objects.of_applicant(request.auth).select_related("call", "region")
    return [_item(a) for a in rows.order_by("-created_at", "-id")]


@router.get("/applications/{tracking_code}", response=ApplicationDetailOut)
def get_my_application(request, tracking_code: Path[Code]):
    """One of the caller's own applications with its progress; anyone else's is 404."""
    application = get_object_or_404(
        Application.objects.of_applicant(request.auth).select_related("call", "region"),
        tracking_code=tracking_code.strip().upper(),
    )
    events = list(application.events.order_by("at", "id"))
    p = progress(application, events, with_comments=True)
    return {
        **_item(application),
        "next_step": p["next_step"],
        "handler": p["handler"],
        "in_person_visits": p["in_person_visits"],
        "steps": [
            {
                key: step[key]
                for key in ("status", "label", "at", "deadline_on", "handler", "in_person")
            }
            for step in p["steps"]
        ],
    }


@router.get("/queue", response=QueueOut)
def queue(request, limit: Annotated[int, Field(ge=1, le=500)] = 100, offset: Offset = 0):
    """What waits on the caller's role inside their scope, most urgent first."""
    user = request.auth
    if not any(has_permission(user, p) for p in (c.REVIEW_APPLICATIONS, c.SURVEY, c.MANAGE_CALLS)):
        raise PermissionDenied
    rows = selectors.queue_for(user)
    return {
        "count": rows.count(),
        "items": [
            {
                "tracking_code": a.tracking_code,
                "name_masked": masking.mask_name(a.name),
                "region": a.region.code,
                "call_id": a.call_id,
                "status": a.status,
                "due_on": a.due_on,
                "overdue": a.overdue,
            }
            for a in rows[offset : offset + limit]
        ],
    }

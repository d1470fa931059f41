"""Complaints and the public evaluation over JSON: the complaints in the caller's scope
by status (paged, the complainant's phone masked and never to a station owner), and a
survey's results by question, month and department beside the published ranks."""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from fucai.core import roles
from fucai.core.choices import Role
from fucai.feedback.choices import ComplaintState
from fucai.feedback.models import Complaint, Survey
from fucai.feedback.selectors import survey_results

from .errors import Id, Offset

router = Router(tags=["feedback"])

Limit = Annotated[int, Field(ge=1, le=500)]


def _require(request, permission: str) -> None:
    if not roles.has_permission(request.auth, permission):
        raise PermissionDenied


class ComplaintFilters(Schema):
    status: ComplaintState | None = Field(None, description="received, handling, replied, closed")
    limit: Limit = 100
    offset: Offset = 0


class ComplaintItem(Schema):
    id: int
    tracking_code: str
    source: str
    category: str
    status: str
    title: str
    station: str | None
    region: str | None
    unit: str | None
    received_at: datetime.datetime
    due_on: datetime.date
    escalated: bool
    outcome: str
    replied_at: datetime.datetime | None
    rating: int | None
    phone_masked: str = Field(description="Empty for a station owner.")


class ComplaintList(Schema):
    count: int
    items: list[ComplaintItem]


class QuestionResult(Schema):
    id: int
    text: str
    kind: str
    department: str | None
    answers: int
    average: float | None
    choices: dict[str, int]


class MonthResult(Schema):
    month: datetime.date
    responses: int
    average: float | None
    published_rank: int | None
    ranked_units: int | None


class DepartmentResult(Schema):
    name: str
    averages: list[float | None] = Field(description="One per month, in the months' order.")


class SurveyResults(Schema):
    id: int
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    responses: int
    questions: list[QuestionResult]
    months: list[MonthResult]
    departments: list[DepartmentResult]


@router.get("/complaints", response=ComplaintList)
def list_complaints(request, filters: Query[ComplaintFilters]):
    """Complaints and suggestions in the caller's scope, newest first."""
    _require(request, roles.VIEW_COMPLAINTS)
    queryset = (
        Complaint.objects.visible_to(request.auth)
        .select_related("station", "region", "unit")
        .defer("phone", "text", "reply")
        .order_by("-received_at", "-pk")
    )
    if filters.status:
        queryset = queryset.filter(state=filters.status)
    owner = roles.role_of(request.auth) == Role.STATION_OWNER
    items = [
        {
            "id": c.pk,
            "tracking_code": c.tracking_code,
            "source": c.source,
            "category": c.category,
            "status": c.state,
            "title": c.title,
            "station": c.station.code if c.station else None,
            "region": c.region.code if c.region else None,
            "unit": c.unit.name if c.unit else None,
            "received_at": c.received_at,
            "due_on": c.due_on,
            "escalated": c.escalated_at is not None,
            "outcome": c.outcome,
            "replied_at": c.replied_at,
            "rating": c.rating,
            "phone_masked": "" if owner else c.phone_masked,
        }
        for c in queryset[filters.offset : filters.offset + filters.limit]
    ]
    return {"count": queryset.count(), "items": items}


@router.get("/surveys/{survey_id}/results", response=SurveyResults)
def results(request, survey_id: Id):
    """A public-evaluation survey's results (the evaluation's managers and leadership)."""
    _require(request, roles.VIEW_EVALUATION)
    survey = get_object_or_404(Survey, pk=survey_id)
    data = survey_results(survey)
    return {
        "id": survey.pk,
        "title": survey.title,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "responses": data["responses"],
        "questions": [
            {
                "id": q["question"].pk,
                "text": q["question"].text,
                "kind": q["question"].kind,
                "department": q["question"].department.name if q["question"].department else None,
                "answers": q["answers"],
                "average": q["average"],
                "choices": dict(q["choices"]),
            }
            for q in data["questions"]
        ],
        "months": [
            {
                "month": m["month"],
                "responses": m["responses"],
                "average": m["average"],
                "published_rank": m["rank"].rank if m["rank"] else None,
                "ranked_units": m["rank"].out_of if m["rank"] else None,
            }
            for m in data["months"]
        ],
        "departments": [{"name": d["name"], "averages": d["months"]} for d in data["departments"]],
    }

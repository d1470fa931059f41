"""Reads of the recruitment workflow: places left, work queues and SLA metrics."""

import datetime
from collections import defaultdict

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from fucai.core.roles import has_permission

from . import constants as c
from .calendar import load_overrides, working_days_between
from .choices import ApplicationStatus as S
from .models import Application, ApplicationEvent, CallQuota, RecruitmentCall

# Which permission the step after each status waits on.
WAITING_ON: dict[str, str] = {
    S.SUBMITTED: c.REVIEW_APPLICATIONS,
    S.ACCEPTED: c.REVIEW_APPLICATIONS,
    S.SURVEY_ASSIGNED: c.SURVEY,
    S.SURVEYED: c.REVIEW_APPLICATIONS,
    S.APPROVED_FOR_NOTICE: c.REVIEW_APPLICATIONS,
    S.IN_NOTICE: c.REVIEW_APPLICATIONS,
    S.NOTICE_PASSED: c.REVIEW_APPLICATIONS,
    S.DRAWN_WINNER: c.REVIEW_APPLICATIONS,
    S.APPROVED: c.REVIEW_APPLICATIONS,
    S.CONTRACT_SCHEDULED: c.REVIEW_APPLICATIONS,
    S.CONTRACT_SIGNED: c.REVIEW_APPLICATIONS,
}


def quota_for(call: RecruitmentCall, region) -> int:
    row = CallQuota.objects.filter(call=call, region=region).values_list("quota", flat=True)
    return next(iter(row), 0)


def places_taken(call: RecruitmentCall, region, statuses, *, exclude=None) -> int:
    queryset = Application.objects.filter(call=call, region=region, status__in=statuses)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.count()


def remaining_quota(
    call: RecruitmentCall, region, *, statuses=c.HOLDING_STATUSES, exclude=None
) -> int:
    """Places left in a district: its quota minus applications holding one."""
    return quota_for(call, region) - places_taken(call, region, statuses, exclude=exclude)


def quota_rows(calls) -> dict[int, list[dict]]:
    """Every quota of ``calls`` with its places left, in two queries however many calls
    and districts: ``{call id: [{"region", "quota", "remaining", "oversubscribed"}]}``
    in district order. ``remaining`` is :func:`remaining_quota` (may be negative);
    ``oversubscribed`` is :func:`is_oversubscribed`. For pages listing quotas, where
    calling those per district would run two queries per row."""
    call_ids = [call.pk for call in calls]
    quotas = (
        CallQuota.objects.filter(call_id__in=call_ids)
        .select_related("region")
        .order_by("call_id", "region__sort_order", "region_id")
    )
    counts = (
        Application.objects.filter(call_id__in=call_ids)
        .values("call_id", "region_id")
        .annotate(
            holding=Count("id", filter=Q(status__in=c.HOLDING_STATUSES)),
            candidates=Count("id", filter=Q(status=S.NOTICE_PASSED)),
        )
    )
    by_district = {(row["call_id"], row["region_id"]): row for row in counts}
    result: dict[int, list[dict]] = {pk: [] for pk in call_ids}
    for quota in quotas:
        row = by_district.get((quota.call_id, quota.region_id), {})
        remaining = quota.quota - row.get("holding", 0)
        result[quota.call_id].append(
            {
                "region": quota.region,
                "quota": quota.quota,
                "remaining": remaining,
                "oversubscribed": row.get("candidates", 0) > remaining,
            }
        )
    return result


def is_oversubscribed(call: RecruitmentCall, region) -> bool:
    """More applications passed their notice than places are left: a draw decides."""
    candidates = Application.objects.filter(
        call=call, region=region, status=S.NOTICE_PASSED
    ).count()
    return candidates > remaining_quota(call, region)


def queue_for(user) -> QuerySet:
    """Applications waiting on ``user``'s role inside their scope, most urgent first,
    each annotated ``overdue``. A surveyor sees only the surveys assigned to them."""
    waiting = Q(pk__in=[])
    for status, permission in WAITING_ON.items():
        if not has_permission(user, permission):
            continue
        if permission == c.SURVEY:
            waiting |= Q(status=status, surveyor=user)
        else:
            waiting |= Q(status=status)
    today = timezone.localdate()
    return (
        Application.objects.visible_to(user)
        .filter(waiting)
        .select_related("call", "region")
        .annotate(
            overdue=Case(
                When(due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def sla_metrics(call: RecruitmentCall | None = None, *, user) -> dict:
    """Per status: how many times it was left, the average working days spent in it and
    the share left by its deadline; plus in-person visits per signed application
    (最多跑一次: the target is 1.0). Over the applications ``user`` may see only (a
    district's staff get their district's figures; drafts are nobody's figures)."""
    visible = Application.objects.visible_to(user).values("pk")
    events = ApplicationEvent.objects.filter(application__in=visible).order_by(
        "application_id", "at", "id"
    )
    if call is not None:
        events = events.filter(application__call=call)
    rows = list(events.values("application_id", "to_status", "at", "deadline_on", "in_person"))
    if not rows:
        return {"steps": {}, "in_person_per_application": None}
    dates = [timezone.localdate(r["at"]) for r in rows]
    overrides = load_overrides(min(dates), max(dates))
    totals: dict[str, dict] = defaultdict(
        lambda: {"count": 0, "days": 0, "with_deadline": 0, "within": 0}
    )
    for index, (row, day) in enumerate(zip(rows, dates, strict=True)):
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is None or following["application_id"] != row["application_id"]:
            continue
        left_on = dates[index + 1]
        step = totals[row["to_status"]]
        step["count"] += 1
        step["days"] += working_days_between(day, left_on, overrides=overrides)
        if row["deadline_on"] is not None:
            step["with_deadline"] += 1
            step["within"] += left_on <= row["deadline_on"]
    steps = {
        status: {
            "count": t["count"],
            "average_working_days": round(t["days"] / t["count"], 2),
            "within_sla_share": (
                round(t["within"] / t["with_deadline"], 4) if t["with_deadline"] else None
            ),
        }
        for status, t in totals.items()
    }
    signed = {r["application_id"] for r in rows if r["to_status"] == S.CONTRACT_SIGNED}
    visits = sum(1 for r in rows if r["in_person"] and r["application_id"] in signed)
    return {
        "steps": steps,
        "in_person_per_application": round(visits / len(signed), 2) if signed else None,
    }


def overdue_count(user, *, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return queue_for(user).filter(due_on__lt=today).count()


def public_progress(tracking_code: str) -> dict | None:
    """What anyone holding a tracking code may see: the status, the steps and their
    dates — never the applicant's identity or address."""
    code = (tracking_code or "").strip().upper()
    if len(code) != c.TRACKING_CODE_LENGTH:
        return None
    application = (
        Application.objects.filter(tracking_code=code).only("id", "status", "due_on").first()
    )
    if application is None:
        return None
    return {
        "tracking_code": code,
        "status": application.status,
        "status_label": str(S(application.status).label),
        "due_on": application.due_on,
        "steps": [
            {"status": e.to_status, "label": str(S(e.to_status).label), "at": e.at}
            for e in application.events.order_by("at", "id").only("to_status", "at")
        ],
    }

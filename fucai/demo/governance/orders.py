"""Rectification orders of the demo's inspections: one per failed item, numbered and
dated as ``rectification_issue_for_inspection`` does, then moved through the states an
order goes through (reply, reject, verify, overdue with escalation, close) with an event
per step.

The event actions ("reply", "reject", "verify", "overdue", "escalate", "close") stand in
for the rectify topic's transition services until merge, when they must match theirs.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from fucai.governance.choices import EscalationLevel, RectificationStatus
from fucai.governance.constants import ESCALATE_TO_STATUS_AFTER_DAYS
from fucai.governance.models import (
    RectificationEvent,
    RectificationOrder,
    RectificationPhoto,
    RectificationReply,
)
from fucai.governance.services.rectifications import (
    deadline_for,
    next_order_sequence,
    order_number,
    severity_for,
)

from .common import Context, aware, demo_photo, insert_instances, insert_rows

S = RectificationStatus
REPLIES = (
    "已按要求整改完毕，附整改后照片。",
    "已整改，相关标识已重新张贴，请复查。",
    "问题已整改到位，今后加强日常管理。",
)
REJECT_COMMENT = "整改不到位，请按要求重新整改。"
VERIFY_COMMENT = "复查合格。"
OVERDUE_COMMENT = "逾期未整改。"
ESCALATE_COMMENT = "逾期未整改，已通报分中心负责人。"
CLOSE_COMMENT = "站点已关停，整改终止。"


@dataclass(frozen=True)
class Step:
    day: datetime.date
    to_status: str
    action: str
    by: str  # "owner", "inspector" or "" (the system)
    comment: str = ""


def issue(context: Context, drafts) -> None:
    """Orders for every failed item of every submitted inspection, in the order the
    service would number them (day by day, inspection by inspection, item by item)."""
    rng = context.rng("orders")
    failed = [
        (draft, answer)
        for draft in drafts
        if draft.inspected_on is not None
        for answer in draft.answers
        if answer.passed is False
    ]
    failed.sort(
        key=lambda pair: (
            pair[0].inspected_on,
            pair[0].row.submitted_at,
            pair[0].row.pk,
            pair[1].item.section.order,
            pair[1].item.order,
        )
    )
    # The day's numbering continues after orders already issued that day (none in a
    # fresh demo: one query instead of one per day).
    days = {draft.inspected_on for draft, _ in failed}
    taken = set(
        RectificationOrder.objects.filter(issued_on__in=days).values_list("issued_on", flat=True)
    )
    sequences = {day: next_order_sequence(day) for day in taken}
    orders, plans = [], []
    for draft, answer in failed:
        day = draft.inspected_on
        sequences.setdefault(day, 1)
        number = order_number(day, sequences[day])
        sequences[day] += 1
        item = answer.item
        severity = severity_for(item)
        deadline = deadline_for(severity, day)
        steps = _steps(context, rng, draft, day, deadline)
        order = RectificationOrder(
            number=number,
            station_id=draft.station.id,
            inspection=draft.row,
            item=item,
            problem=answer.comment or item.text,
            requirement=item.guidance,
            severity=severity,
            issued_on=day,
            deadline_on=deadline,
            status=steps[-1].to_status if steps else S.OPEN,
            issued_by_id=draft.inspector_id,
            version=1 + len(steps),
            created_at=draft.row.submitted_at,
        )
        if any(step.action == "escalate" for step in steps):
            order.escalation = EscalationLevel.BRANCH_HEAD
        final = [s for s in steps if s.to_status in {S.VERIFIED, S.CLOSED}]
        if final:
            order.closed_at = aware(final[-1].day, 16)
        orders.append(order)
        plans.append((draft, steps))
    insert_instances(RectificationOrder, orders, key="number")

    events, replies = [], []
    for order, (draft, steps) in zip(orders, plans, strict=True):
        inspector, owner = draft.inspector_id, draft.station.owner_user_id
        events.append((order.pk, "", S.OPEN, "issue", inspector, draft.row.submitted_at, ""))
        status = S.OPEN
        for n, step in enumerate(steps):
            actor = {"owner": owner, "inspector": inspector}.get(step.by)
            at = aware(step.day, 10 + n % 6, (7 * n) % 60)
            events.append((order.pk, status, step.to_status, step.action, actor, at, step.comment))
            if step.action == "reply":
                replies.append((order.pk, step.comment, owner, at))
            status = step.to_status
        context.summary.orders[order.status] += 1
    insert_rows(
        RectificationEvent,
        ("order", "from_status", "to_status", "action", "actor", "at", "comment"),
        events,
    )
    insert_rows(RectificationReply, ("order", "text", "author", "at"), replies)
    # Each reply came with a photo of the fixed problem.
    photo, size = demo_photo()
    reply_ids = RectificationReply.objects.filter(
        order_id__in=[order.pk for order in orders]
    ).values_list("pk", flat=True)
    insert_rows(
        RectificationPhoto,
        ("reply", "file", "content_type", "size"),
        ((pk, photo, "image/jpeg", size) for pk in reply_ids),
    )


def _steps(
    context: Context, rng: random.Random, draft, issued: datetime.date, deadline: datetime.date
) -> list[Step]:
    """The steps an order went through after its issue, up to today."""
    today = context.today
    days = (deadline - issued).days

    def after(day: datetime.date, low: int, high: int) -> datetime.date:
        return day + datetime.timedelta(days=rng.randint(low, max(low, high)))

    def reply(day):
        return Step(day, S.REPLIED, "reply", "owner", rng.choice(REPLIES))

    def verify(day):
        return Step(day, S.VERIFIED, "verify", "inspector", VERIFY_COMMENT)

    def overdue(day):
        return [
            Step(day, S.OVERDUE, "overdue", "", OVERDUE_COMMENT),
            Step(day, S.OVERDUE, "escalate", "", ESCALATE_COMMENT),
        ]

    late_day = deadline + datetime.timedelta(days=1)
    outcome = draft.outcome
    if outcome == "open":
        return []
    if outcome == "replied":
        return [reply(min(today, after(issued, 1, 4)))]
    if outcome == "overdue":
        return overdue(late_day)
    if outcome == "verified":
        answered = after(issued, 1, 3)
        return [reply(answered), verify(min(today, after(answered, 1, 3)))]
    # A 2019 order: how it went.
    if draft.episode_end is not None:
        # The registry's rectification episode: verified the day the station resumed.
        answered = max(issued + datetime.timedelta(days=1), min(deadline, draft.episode_end))
        steps = [reply(answered), verify(max(answered, draft.episode_end))]
    elif draft.station.closed_on is not None and draft.violation is not None:
        # The station was suspended the day of the report: nobody rectified anything.
        steps = overdue(late_day)
    else:
        path = rng.choices(("ontime", "rejected", "late"), (80, 10, 10))[0]
        if path == "rejected" and days >= 10:
            first = after(issued, 1, days // 2)
            rejected = after(first, 1, 3)
            second = after(rejected, 1, min(5, (deadline - rejected).days))
            steps = [
                reply(first),
                Step(rejected, S.OPEN, "reject", "inspector", REJECT_COMMENT),
                reply(second),
                verify(after(second, 1, 4)),
            ]
        elif path == "late":
            # Answered before the escalation would reach the station's status.
            answered = after(late_day, 1, ESCALATE_TO_STATUS_AFTER_DAYS - 4)
            steps = [*overdue(late_day), reply(answered), verify(after(answered, 1, 4))]
        else:
            answered = after(issued, 1, days - 1)
            steps = [reply(answered), verify(after(answered, 1, 5))]
    closed_on = draft.station.closed_on
    if closed_on is not None and closed_on > issued:
        kept = [step for step in steps if step.day < closed_on]
        if not kept or kept[-1].to_status != S.VERIFIED:
            kept.append(Step(closed_on, S.CLOSED, "close", "", CLOSE_COMMENT))
        steps = kept
    return [step for step in steps if step.day <= today]

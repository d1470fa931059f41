"""The demo's inspections as rows: the inspection with its check-in, score and
signature, its answers and photos, and the sales-anomaly proposals behind some."""

from __future__ import annotations

import datetime
import math
import random
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from fucai.core.geo import haversine_m
from fucai.governance.choices import InspectionResult, InspectionStatus
from fucai.governance.constants import CHECK_IN_FAR_METRES
from fucai.governance.models import (
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionProposal,
)

from .checklist import Score
from .common import Context, StationInfo, aware, demo_photo, insert_instances, insert_rows

if TYPE_CHECKING:
    from .inspections import Draft


def write(
    context: Context, rng: random.Random, template: ChecklistTemplate, drafts: list[Draft]
) -> None:
    rows = []
    for draft in drafts:
        station, day = draft.station, draft.inspected_on
        row = Inspection(
            station_id=station.id,
            kind=draft.kind,
            plan=draft.plan,
            template=template,
            inspector_id=draft.inspector_id,
            year=(day or draft.planned_on).year,
            planned_on=draft.planned_on,
            due_on=draft.due_on,
            reason=draft.reason,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            created_at=aware(draft.planned_on - datetime.timedelta(days=7), 10),
        )
        if day is not None:
            _fill_visit(rng, row, station, day, draft.result)
        rows.append(row)
        draft.row = row
    insert_instances(Inspection, rows, key="client_id")

    photo, size = demo_photo()
    answers = (
        (
            draft.row.pk, a.item.pk, a.passed, a.score, a.number, a.text, a.comment,
            draft.row.started_at,
        )
        for draft in drafts
        for a in draft.answers
    )  # fmt: skip
    context.summary.answers = insert_rows(
        InspectionAnswer,
        ("inspection", "item", "passed", "score", "number", "text", "comment", "answered_at"),
        answers,
    )
    insert_rows(
        InspectionPhoto,
        ("inspection", "item", "file", "content_type", "size", "taken_at", "uploaded_by"),
        (
            (draft.row.pk, a.item.pk, photo, "image/jpeg", size, draft.row.started_at,
             draft.inspector_id)
            for draft in drafts
            for a in draft.answers
            if a.photos
        ),
    )  # fmt: skip

    proposals = [
        InspectionProposal(
            station_id=d.station.id,
            rule="sales_jump",
            reason=d.reason,
            evidence={"month": f"{d.proposal[0]:%Y-%m}", "sales_fen": d.proposal[1],
                      "ratio_to_previous_3_months": round(d.proposal[2], 2)},
            period_start=d.proposal[0],
            period_end=next_month(d.proposal[0]) - datetime.timedelta(days=1),
            status=InspectionProposal.Status.ACCEPTED,
            inspection=d.row,
            decided_by=context.manager,
            decided_at=aware(d.planned_on - datetime.timedelta(days=3), 15),
            created_at=aware(d.planned_on - datetime.timedelta(days=4), 8),
        )
        for d in drafts
        if d.outcome == "proposal"
    ]  # fmt: skip
    InspectionProposal.objects.bulk_create(proposals)


def _fill_visit(
    rng: random.Random, row: Inspection, station: StationInfo, day: datetime.date, result: Score
) -> None:
    hour, minute = rng.randint(9, 16), rng.randint(0, 59)
    row.checked_in_at = aware(day, hour, minute)
    row.started_at = row.checked_in_at + datetime.timedelta(minutes=rng.randint(1, 5))
    row.submitted_at = row.started_at + datetime.timedelta(minutes=rng.randint(20, 55))
    if station.latitude is not None and station.longitude is not None:
        # Mostly at the door; now and then the phone's fix is off by a street or more.
        far = rng.random() < 0.02
        metres = rng.uniform(350, 1500) if far else rng.uniform(5, 120)
        bearing = rng.uniform(0, 6.283)
        lat = float(station.latitude) + metres / 111_320 * math.sin(bearing)
        lng = float(station.longitude) + metres / 101_000 * math.cos(bearing)
        row.check_in_latitude = Decimal(f"{lat:.6f}")
        row.check_in_longitude = Decimal(f"{lng:.6f}")
        row.check_in_accuracy_m = rng.randint(8, 40)
        distance = round(haversine_m(row.check_in_latitude, row.check_in_longitude,
                                     station.latitude, station.longitude))  # fmt: skip
        row.check_in_distance_m = distance
        row.check_in_far = distance > CHECK_IN_FAR_METRES
    row.inspected_on = day
    row.status = InspectionStatus.SUBMITTED
    row.score, row.max_score = result.score, result.max_score
    row.result, row.critical_failed = result.result, result.critical_failed
    row.signed_by = station.owner_name
    row.summary = (
        "检查合格。"
        if result.result == InspectionResult.PASSED
        else "存在关键项不合格，检查不合格。"
        if result.critical_failed
        else "得分未达合格线，检查不合格。"
    )


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)

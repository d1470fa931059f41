"""Alerts (monitoring) for the caller's data scope, newest first, paged."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from fucai.core import roles
from fucai.monitoring.forms.alerts import apply_alert_filters
from fucai.monitoring.models import Alert

from .errors import Offset

router = Router(tags=["alerts"])


class AlertFilters(Schema):
    status: Literal["open", "acknowledged", "resolved", "unresolved"] | None = Field(
        None, description="open, acknowledged, resolved, or unresolved (open or acknowledged)."
    )
    kind: (
        Literal[
            "sales_jump",
            "sales_drop",
            "off_hours",
            "target_behind",
            "import_missing",
            "insurance_lapse",
            "certificate_lapse",
        ]
        | None
    ) = None
    severity: Literal["info", "warning", "critical"] | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class AlertItem(Schema):
    id: int
    kind: str
    severity: str
    status: str
    title: str
    detail: str
    district_code: str
    station_code: str | None
    day: datetime.date | None
    figures: dict
    raised_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    resolution: str


class AlertList(Schema):
    count: int
    items: list[AlertItem]


FIELDS = (
    *("pk", "kind", "severity", "status", "title", "detail", "region__code", "station__code"),
    *("day", "data", "raised_at", "acknowledged_at", "resolved_at", "resolution"),
)


@router.get("/alerts", response=AlertList)
def list_alerts(request, filters: Query[AlertFilters]):
    """Alerts on the stations and districts in the caller's scope; ``status`` filters
    (``unresolved``: open or acknowledged)."""
    if not roles.has_permission(request.user, roles.VIEW_ALERTS):
        raise PermissionDenied
    alerts = apply_alert_filters(
        Alert.objects.visible_to(request.user),
        status=filters.status or "",
        kind=filters.kind or "",
        severity=filters.severity or "",
    ).order_by("-raised_at", "-pk")
    offset, limit = filters.offset, filters.limit
    rows = alerts.values_list(*FIELDS)[offset : offset + limit]
    keys = [*AlertItem.model_fields]
    return {"count": alerts.count(), "items": [dict(zip(keys, row, strict=True)) for row in rows]}

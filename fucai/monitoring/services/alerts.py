"""Alerts: storing the rules' findings (each once), acknowledging and resolving them.

Transitions: open → acknowledged → resolved, or open → resolved directly. Each is one
service that locks the row, checks the permission and the user's data scope, and writes
the audit entry in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import HANDLE_ALERTS
from fucai.core.scope import require_in_scope
from fucai.core.services import require

from ..choices import AlertStatus
from ..models import Alert
from ..rules import Finding, evaluate
from . import notify
from .rules import ensure_rules

ALLOWED = {
    "acknowledge": {AlertStatus.OPEN},
    "resolve": {AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED},
}
_AUDITED = ["kind", "severity", "status", "station", "region", "day", "title"]


@transaction.atomic
def alerts_raise(*, findings: list[Finding], acting_user=None, send: bool = True) -> list[Alert]:
    """Store the findings not stored before (by ``key``) and tell the people concerned;
    returns the new alerts. Safe to run twice over the same data, and concurrently: a
    key inserted meanwhile by another run is skipped by the unique index."""
    by_key = {finding.key: finding for finding in findings}
    known = set(Alert.objects.filter(key__in=list(by_key)).values_list("key", flat=True))
    fresh = [
        Alert(
            kind=f.kind,
            severity=f.severity or "warning",
            key=f.key,
            station_id=f.station_id,
            region_id=f.region_id,
            day=f.day,
            title=str(f.title)[:200],
            detail=str(f.detail),
            data=f.data,
        )
        for key, f in by_key.items()
        if key not in known
    ]
    if not fresh:
        return []
    Alert.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    created = list(
        Alert.objects.filter(key__in=[a.key for a in fresh])
        .select_related("station__owner", "region")
        .order_by("pk")
    )
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    audit.record_many(
        actor=actor,
        action=AuditAction.CREATE,
        entries=[
            (alert, audit.diff(Alert, {}, audit.snapshot(alert, fields=_AUDITED)), "")
            for alert in created
        ],
    )
    if send:
        notify.new_alerts(created)
    return created


def alerts_run(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
    missing_until: datetime.date | None = None,
    acting_user=None,
    send: bool = True,
) -> list[Alert]:
    """Evaluate the enabled rules and store the new findings (after an import, nightly,
    the demo)."""
    ensure_rules()
    findings = evaluate(start=start, end=end, today=today, missing_until=missing_until)
    return alerts_raise(findings=findings, acting_user=acting_user, send=send)


def _locked(alert: Alert, acting_user, step: str) -> Alert:
    require(acting_user, HANDLE_ALERTS)
    require_in_scope(acting_user, alert)
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.status not in ALLOWED[step]:
        raise ValidationError(
            _("This alert is %(status)s: it cannot be changed that way.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def alert_acknowledge(*, alert: Alert, acting_user, note: str = "") -> Alert:
    """Someone has seen the alert and looks into it."""
    alert = _locked(alert, acting_user, "acknowledge")
    before = audit.snapshot(alert, fields=["status"])
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = acting_user
    alert.full_clean()
    alert.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=alert,
        changes=audit.diff(Alert, before, audit.snapshot(alert, fields=["status"])),
        comment=note.strip(),
    )
    return alert


@transaction.atomic
def alert_resolve(*, alert: Alert, acting_user, resolution: str) -> Alert:
    """Closed with what was found or done (required)."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say what was found or done.")})
    alert = _locked(alert, acting_user, "resolve")
    before = audit.snapshot(alert, fields=["status", "resolution"])
    now = timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = now, acting_user
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at, alert.resolved_by, alert.resolution = now, acting_user, resolution
    alert.full_clean()
    alert.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=alert,
        changes=audit.diff(Alert, before, audit.snapshot(alert, fields=["status", "resolution"])),
        comment=resolution,
    )
    return alert

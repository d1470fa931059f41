"""Celery tasks of the monitoring app: the alert rules (after an import and nightly)
and the cameras' status check."""

import datetime

from celery import shared_task
from django.utils import timezone

from .services import alerts_run, cameras_check


@shared_task(name="fucai.monitoring.evaluate_alerts")
def evaluate_alerts(start: str | None = None, end: str | None = None) -> int:
    """After an import: the days it touched. Nightly (no arguments): the last week of
    data, imports missing up to yesterday, lapses from today."""
    today = timezone.localdate()
    if start and end:
        created = alerts_run(
            start=datetime.date.fromisoformat(start), end=datetime.date.fromisoformat(end)
        )
    else:
        created = alerts_run(today=today, missing_until=today - datetime.timedelta(days=1))
    return len(created)


@shared_task(name="fucai.monitoring.check_cameras")
def check_cameras() -> dict[str, int]:
    return cameras_check()

"""Celery tasks of the plan topic (gathered by governance/tasks.py for autodiscovery)."""

from celery import shared_task


@shared_task(name="fucai.governance.risk_scan", ignore_result=True)
def risk_scan_task(month: str | None = None) -> dict:
    """The monthly risk scan (beat runs it on the 3rd, once the month's sales are in)."""
    import datetime

    from .services.risk import risk_scan

    on = datetime.date.fromisoformat(f"{month}-01") if month else None
    result = risk_scan(month=on)
    return {"month": f"{result.month:%Y-%m}", "created": result.created}

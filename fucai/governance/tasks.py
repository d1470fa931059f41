"""Celery tasks of the governance app, one module per topic; Celery's autodiscovery
imports this module."""

from celery import shared_task

from .services.rectification_overdue import rectifications_overdue_run
from .tasks_plan import risk_scan_task

__all__ = ["rectifications_overdue", "risk_scan_task"]


@shared_task(name="fucai.governance.rectifications_overdue")
def rectifications_overdue() -> dict[str, int]:
    """Daily: mark overdue rectification orders and escalate them (services docstring)."""
    return rectifications_overdue_run()

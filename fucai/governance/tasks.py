"""Celery tasks of the governance app (found by the Celery app's autodiscovery)."""

from celery import shared_task

from .services.rectification_overdue import rectifications_overdue_run


@shared_task(name="fucai.governance.rectifications_overdue")
def rectifications_overdue() -> dict[str, int]:
    """Daily: mark overdue rectification orders and escalate them (services docstring)."""
    return rectifications_overdue_run()

"""Celery tasks of the governance app, one module per topic; Celery's autodiscovery
imports this module."""

from .tasks_plan import risk_scan_task

__all__ = ["risk_scan_task"]

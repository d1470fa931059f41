"""Celery tasks of the welfare app; Celery's autodiscovery imports this module."""

from celery import shared_task

from .services.ledger import accruals_run


@shared_task(name="fucai.welfare.accruals")
def accruals() -> int:
    """Monthly: book the fund raised from the sales imported (only differences)."""
    return accruals_run()

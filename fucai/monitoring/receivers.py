"""Evaluate the alert rules after each sales import (the sales app's signal)."""

from django.db import transaction
from django.dispatch import receiver

from fucai.sales.signals import sales_imported


@receiver(sales_imported, dispatch_uid="fucai.monitoring.after_import")
def evaluate_after_import(sender, batch, **kwargs):
    """Once the import has committed, judge the days it touched (in the worker: the
    import's user does not wait for it)."""
    if batch.date_from is None or batch.date_to is None:
        return
    from .tasks import evaluate_alerts

    start, end = batch.date_from.isoformat(), batch.date_to.isoformat()
    transaction.on_commit(lambda: evaluate_alerts.delay(start=start, end=end))

"""Celery app. With no broker configured (CELERY_BROKER_URL / REDIS_URL unset) tasks
run inline (CELERY_TASK_ALWAYS_EAGER), so the embedded setup needs no worker."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fucai.settings")

app = Celery("fucai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _schedule_heartbeat(sender, **kwargs):
    """Every HEARTBEAT_INTERVAL s beat sends a heartbeat that the worker stores (/healthz)."""
    from fucai.core.health import HEARTBEAT_INTERVAL

    sender.add_periodic_task(
        float(HEARTBEAT_INTERVAL),
        sender.signature("fucai.core.heartbeat"),
        name="fucai-heartbeat",
        expires=float(HEARTBEAT_INTERVAL),
    )


@worker_ready.connect
def _heartbeat_on_start(sender=None, **kwargs):
    from fucai.core.health import heartbeat_write

    heartbeat_write("worker")

"""Celery app. With no broker configured (CELERY_BROKER_URL / REDIS_URL unset) tasks
run inline (CELERY_TASK_ALWAYS_EAGER), so the embedded setup needs no worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fucai.settings")

app = Celery("fucai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

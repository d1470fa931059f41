"""Background jobs that a user starts and watches (after NetBox's ``jobs.py``).

A feature registers a handler with ``@job_handler("sales.import")``; a view calls
``job_start(...)``; the handler runs in a Celery worker when a broker is configured, or
in a thread of the web process when none is (the embedded set-up), and reports progress
with ``progress.report(percent, message)``. Progress lives in the cache because the
handler's own transaction hides row updates from other connections until it commits;
the Job row records the final status and result.
"""

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.utils import timezone

from .choices import JobStatus
from .models import Job

logger = logging.getLogger(__name__)

_HANDLERS: dict[str, Callable] = {}
PROGRESS_TTL = 24 * 3600


def job_handler(kind: str):
    """Register ``func(job, progress, **params) -> dict`` as the handler of ``kind``."""

    def register(func: Callable) -> Callable:
        _HANDLERS[kind] = func
        return func

    return register


@dataclass
class Progress:
    job_id: int

    @property
    def key(self) -> str:
        return f"fucai:job:{self.job_id}:progress"

    def report(self, percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        cache.set(self.key, {"percent": percent, "message": str(message)}, PROGRESS_TTL)

    def read(self) -> dict:
        return cache.get(self.key) or {"percent": 0, "message": ""}


def progress_of(job: Job) -> dict:
    if job.status == JobStatus.SUCCEEDED:
        return {"percent": 100, "message": ""}
    return Progress(job.pk).read()


def job_start(*, acting_user, kind: str, title: str, params: dict) -> Job:
    """Record the job and dispatch it once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise KeyError(f"no job handler registered for {kind!r}")
    job = Job.objects.create(kind=kind, title=title[:200], user=acting_user, params=params)
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    mode = getattr(settings, "FUCAI_JOBS_MODE", "auto")
    if mode == "inline":
        run_job(job_id)
    elif mode == "thread" or (mode == "auto" and settings.CELERY_TASK_ALWAYS_EAGER):
        threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True).start()
    else:
        from .tasks import run_job_task

        run_job_task.delay(job_id)


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def run_job(job_id: int) -> None:
    """Run a job's handler and record its outcome. Never raises: failures are recorded."""
    updated = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not updated:
        return  # already taken by another worker
    job = Job.objects.get(pk=job_id)
    progress = Progress(job_id)
    progress.report(0, "")
    try:
        result = _HANDLERS[job.kind](job, progress, **job.params) or {}
    except Exception as error:  # a job's failure is data for the user, not a crash
        logger.warning("job %s (%s) failed: %s", job_id, job.kind, error)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:2000] or error.__class__.__name__,
            result=getattr(error, "job_result", {}) or {},
        )
        logger.debug("".join(traceback.format_exception(error)))
        return
    progress.report(100, "")
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED, finished_at=timezone.now(), result=result
    )
